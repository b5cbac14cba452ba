// Node-only simulated devices (TDES over node:crypto): a chip card computing real ARQCs and a DUKPT secure head.
export * from "./emv-card.node.js";
export * from "./secure-head.node.js";
