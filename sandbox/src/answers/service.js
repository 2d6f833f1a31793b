// Customer service: conversations and their messages.

/** Adds this domain's answers to A. */
export function serviceAnswers(A) {
  A["GET /customer_service/*/conversations"] = (ctx) => {
    const items = [...ctx.shopData.conversations].sort((a, b) => b.latest_message.create_time - a.latest_message.create_time);
    return ctx.page(items);
  };

  A["GET /customer_service/*/conversations/{conversation_id}/messages"] = (ctx) => {
    const order = String(ctx.arg("sort_order") ?? "DESC").toUpperCase() === "ASC" ? 1 : -1;
    const items = [...ctx.entity.conversation.messages].sort((a, b) => (a.create_time - b.create_time) * order || (Number(a.index) - Number(b.index)) * order);
    return { ...ctx.page(items), unsupported_msg_tips: "" };
  };
}
