/** Renders components as the H5 build does (plain HTML), for the tests of the web's accessibility. */
export function asWeb(): void {
  let previous: string | undefined;
  beforeAll(() => {
    previous = process.env.TARO_ENV;
    process.env.TARO_ENV = 'h5';
  });
  afterAll(() => {
    process.env.TARO_ENV = previous as typeof process.env.TARO_ENV;
  });
}
