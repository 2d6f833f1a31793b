// Each shop's two warehouses: where orders ship from and returns go back to.

/** @param {{def: object, index: number, idGen: Function, r: object, cityList: Array}} input */
export function buildWarehouses({ def, index, idGen, r, cityList }) {
  const address = (city) => ({
    region: def.region,
    region_code: def.region,
    state: city[1],
    city: city[0],
    postal_code: city[3] + "01",
    address_line1: `${100 + index} Commerce Park`,
    address_line2: "",
    contact_person: "Warehouse Desk",
    phone_number: "(+1)555000" + String(1000 + index).slice(-4),
    full_address: `${100 + index} Commerce Park, ${city[0]}, ${city[1]}`,
  });
  return [
    { id: idGen(r, "730"), name: "Main warehouse", type: "SALES_WAREHOUSE", sub_type: "DOMESTIC_WAREHOUSE", effect_status: "ENABLED", is_default: true, address: address(cityList[0]) },
    { id: idGen(r, "730"), name: "Returns centre", type: "RETURN_WAREHOUSE", sub_type: "DOMESTIC_WAREHOUSE", effect_status: "ENABLED", is_default: true, address: address(cityList[1]) },
  ];
}
