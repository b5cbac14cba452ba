// browser-safe audio driver exports
export {};
