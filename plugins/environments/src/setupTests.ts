import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first render of a card waits for lazy chunks, Material UI styles and a mocked API: on a
// busy 2-core CI machine that takes longer than Testing Library's default 1 s for findBy and
// waitFor, and tests failed waiting for what was about to appear.
configure({ asyncUtilTimeout: 5_000 });
