// Signs requests with the official Node SDK signer (AKSKSigner of
// @huaweicloud/huaweicloud-sdk-core, directory in SDRS_NODE_SDK_CORE).
// stdin: {"ak","sk","cases":[{"method","url","query":[[name,value]...],
// "headers":{...},"data":object|null}]}; stdout: [{"authorization","body"}]
// where body is the exact text the SDK hashed.
"use strict";
const path = require("path");
const { AKSKSigner } = require(path.join(process.env.SDRS_NODE_SDK_CORE, "auth", "AKSKSigner.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { ak, sk, cases } = JSON.parse(input);
  const credential = { getAk: () => ak, getSk: () => sk };
  const out = cases.map((c) => {
    // Repeated names become a list, as the SDK's request builder makes them.
    const queryParams = {};
    for (const [name, value] of c.query) {
      if (name in queryParams) {
        queryParams[name] = [].concat(queryParams[name], value);
      } else {
        queryParams[name] = value;
      }
    }
    const request = {
      method: c.method,
      endpoint: c.url,
      headers: Object.assign({}, c.headers),
      queryParams,
      data: c.data === null ? undefined : c.data,
    };
    const signed = AKSKSigner.sign(request, credential);
    return {
      authorization: signed.Authorization,
      body: c.data === null ? "" : JSON.stringify(c.data),
    };
  });
  process.stdout.write(JSON.stringify(out));
});
