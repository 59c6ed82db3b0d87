/** Vite turns a CSS import into a stylesheet link in the built index.html. */
declare module '*.css';
