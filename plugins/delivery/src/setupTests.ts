import '@testing-library/jest-dom';

// Cards render Material UI tables and charts: on a busy 2-core CI machine a test that
// clicks through pickers and dialogs can take longer than Jest's default 5 s.
jest.setTimeout(30_000);
