// populated by the terminal module
export {};
