// Customer service: a few buyer conversations about real orders, each with a
// short exchange of messages between the buyer and the shop.

import { DAY, HOUR } from "./vocabulary.js";

export function buildConversations({ orders, shop, baseTime, idGen, r: xr }) {
  const conversations = [];
  for (let i = 0; i < 6; i++) {
    const o = orders[(i * 37) % orders.length];
    const buyer = { im_user_id: idGen(xr, "7310"), user_id: o.user_id, nickname: o.recipient_address.first_name, role: "BUYER", avatar: "", buyer_platform: "TIKTOK_SHOP" };
    const agent = { im_user_id: idGen(xr, "7310"), user_id: "", nickname: shop.name, role: "SHOP", avatar: "", buyer_platform: "" };
    const created = o.create_time + xr.int(HOUR, DAY);
    const messages = [];
    const n = xr.int(2, 6);
    for (let k = 0; k < n; k++) {
      const sender = k % 2 === 0 ? buyer : agent;
      messages.push({
        id: idGen(xr, "7311"),
        index: String(k + 1),
        type: "TEXT",
        content: JSON.stringify({ content: k % 2 === 0 ? `Hi, about order ${o.id}: when will it ship?` : "Thanks for reaching out! It ships within 2 days." }),
        create_time: Math.min(created + k * 600, baseTime - 30),
        is_visible: true,
        sender: { im_user_id: sender.im_user_id, nickname: sender.nickname, role: sender.role, avatar: "" },
      });
    }
    conversations.push({
      id: idGen(xr, "7312"),
      create_time: created,
      participant_count: 2,
      participants: [buyer, agent],
      can_send_message: true,
      unread_count: i % 3 === 0 ? 1 : 0,
      latest_message: messages[messages.length - 1],
      messages,
    });
  }
  return conversations;
}
