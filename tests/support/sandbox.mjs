// The offline TikTok Shop, for every test of the library, the CLI and the MCP server: the
// one place they import it from. It is the tiktok-shop-wasm-sandbox package as a user
// installs it: scripts/build.mjs packs pkg-sandbox/ and installs the tarball
// (node_modules/tiktok-shop-wasm-sandbox). The sandbox's own tests (sandbox/test/) import
// its source instead.
export * from "tiktok-shop-wasm-sandbox";
