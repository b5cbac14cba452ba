// populated by the acquirer module
export {};
