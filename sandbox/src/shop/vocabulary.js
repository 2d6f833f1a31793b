// The words the seeded shops are made of: categories, product names, buyers'
// names, cities, carriers, reasons. Fixed tables: changing one changes every
// seeded shop.

export const DAY = 86400;
export const HOUR = 3600;

export const ORDER_STATUSES = Object.freeze([
  "UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED",
]);
export const CATEGORY_TREE = [
  ["600001", "0", "Home Supplies", false],
  ["600002", "600001", "Kitchenware", false],
  ["600003", "600002", "Cookware", true],
  ["600004", "600002", "Kitchen Utensils", true],
  ["600005", "0", "Womenswear & Underwear", false],
  ["600006", "600005", "Women's Tops", false],
  ["600007", "600006", "T-shirts", true],
  ["600008", "600006", "Hoodies & Sweatshirts", true],
  ["600009", "0", "Phones & Electronics", false],
  ["600010", "600009", "Phone Accessories", false],
  ["600011", "600010", "Phone Cases", true],
  ["600012", "600010", "Chargers & Cables", true],
];

export const PRODUCT_WORDS = {
  "600003": ["Nonstick Frying Pan", "Cast Iron Skillet", "Stainless Saucepan", "Ceramic Wok", "Dutch Oven"],
  "600004": ["Silicone Spatula Set", "Bamboo Cutting Board", "Chef Knife", "Garlic Press", "Measuring Cups"],
  "600007": ["Oversized Cotton Tee", "Ribbed Crop Tee", "Graphic Print Tee", "V-Neck Basic Tee"],
  "600008": ["Fleece Hoodie", "Zip-Up Sweatshirt", "Cropped Hoodie", "Quarter-Zip Pullover"],
  "600011": ["Clear MagSafe Case", "Rugged Armor Case", "Leather Wallet Case", "Glitter Case"],
  "600012": ["USB-C Fast Charger", "Braided Lightning Cable", "Wireless Charging Pad", "Car Charger"],
};
export const ADJECTIVES = ["Classic", "Premium", "Everyday", "Eco", "Pro", "Mini", "Deluxe", "Essential", "Urban", "Vintage"];
export const VARIANTS = {
  "600003": ["Size", ["20cm", "24cm", "28cm"]],
  "600004": ["Color", ["Black", "Green", "Natural"]],
  "600007": ["Size", ["S", "M", "L", "XL"]],
  "600008": ["Color", ["Grey", "Black", "Sage", "Cream"]],
  "600011": ["Model", ["iPhone 15", "iPhone 15 Pro", "iPhone 16"]],
  "600012": ["Length", ["1m", "2m"]],
};
export const BRANDS = [
  ["7082427311584347905", "Northwind Home"],
  ["7082427311584347906", "Lumen & Co"],
  ["7082427311584347907", "Tidewater"],
  ["7082427311584347908", "Kestrel Goods"],
  ["7082427311584347909", "Oakline"],
];
export const FIRST_NAMES = ["Ava", "Liam", "Mia", "Noah", "Zoe", "Ethan", "Isla", "Lucas", "Emma", "Oliver", "Amara", "Mateo", "Priya", "Kenji", "Sofia"];
export const LAST_NAMES = ["Smith", "Garcia", "Nguyen", "Patel", "Brown", "Kim", "Lopez", "Walker", "Chen", "Okafor", "Rossi", "Silva"];
export const STREETS = ["Maple Ave", "Oak St", "Pine Rd", "Cedar Ln", "Elm St", "Lakeview Dr", "Sunset Blvd", "Harbor Way"];
export const CITIES = {
  US: [["Los Angeles", "California", "CA", "900"], ["Austin", "Texas", "TX", "787"], ["Seattle", "Washington", "WA", "981"], ["Miami", "Florida", "FL", "331"]],
  GB: [["London", "England", "ENG", "SW1"], ["Manchester", "England", "ENG", "M1"], ["Leeds", "England", "ENG", "LS1"], ["Bristol", "England", "ENG", "BS1"]],
};
export const PROVIDERS = [
  ["6617675021119438849", "USPS"],
  ["6617675021119438850", "UPS"],
  ["6617675021119438851", "FedEx"],
];
export const PACKAGE_DIMENSION = Object.freeze({ length: "20", width: "15", height: "8", unit: "CM" });
export const CANCEL_REASONS = ["No longer needed", "Ordered wrong item", "Better price elsewhere", "Payment overdue", "Out of stock"];
export const RETURN_REASONS = ["Item damaged", "Wrong size", "Not as described", "Changed my mind", "Missing parts"];

