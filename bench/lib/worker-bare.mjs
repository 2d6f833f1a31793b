// The baseline Worker of the workerd cold start: sends the same request, signed
// beforehand by the bench (BARE_URL, BARE_BODY...), with the Worker's own fetch.
export default {
  async fetch(_request, env) {
    const response = await fetch(env.BARE_URL, {
      method: "POST",
      headers: { "content-type": "application/json", "x-tts-access-token": env.ACCESS_TOKEN },
      body: env.BARE_BODY,
    });
    const envelope = JSON.parse(await response.text());
    return new Response(String(envelope.data.orders.length));
  },
};
