// populated by the emv module
export {};
