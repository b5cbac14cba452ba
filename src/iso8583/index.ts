// populated by the iso8583 module
export {};
