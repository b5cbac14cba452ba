// populated by the crypto module
export {};
