// n8n's node linter as `@n8n/node-cli lint` applies it to a community node that is not made
// for n8n Cloud (its configWithoutCloudSupport, @n8n/node-cli 0.48.3): the same plugins and
// rule sets, with the versions that release pins (tools/package.json). Cloud support is off
// because this package has a runtime dependency, the library. Run from n8n/:
//   tools/node_modules/.bin/eslint -c tools/eslint.config.mjs .

import js from "@eslint/js";
import { n8nCommunityNodesPlugin } from "@n8n/eslint-plugin-community-nodes";
import { globalIgnores } from "eslint/config";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importPlugin from "eslint-plugin-import-x";
import n8nNodesBase from "eslint-plugin-n8n-nodes-base";
import tseslint from "typescript-eslint";

const community = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default tseslint.config(
  globalIgnores(["dist", "tools", "tests", "scripts"]),
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, tseslint.configs.recommended, community, importPlugin.configs["flat/recommended"]],
    rules: { "prefer-spread": "off", "no-console": "error" },
  },
  {
    plugins: { "n8n-nodes-base": n8nNodesBase },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver()] },
  },
  {
    files: ["package.json"],
    extends: [community],
    rules: { ...n8nNodesBase.configs.community.rules },
    languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: [".json"] } },
  },
  {
    files: ["./credentials/**/*.ts"],
    rules: {
      ...n8nNodesBase.configs.credentials.rules,
      "n8n-nodes-base/cred-class-field-documentation-url-miscased": "off",
      "n8n-nodes-base/cred-class-field-type-options-password-missing": "off",
    },
  },
  {
    files: ["./nodes/**/*.ts"],
    rules: {
      ...n8nNodesBase.configs.nodes.rules,
      "n8n-nodes-base/node-class-description-inputs-wrong-regular-node": "off",
      "n8n-nodes-base/node-class-description-outputs-wrong": "off",
      "n8n-nodes-base/node-param-type-options-max-value-present": "off",
    },
  },
);
