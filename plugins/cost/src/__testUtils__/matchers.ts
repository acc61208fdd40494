import { screen, waitFor } from '@testing-library/react';
import { formatCost } from '../components/format';

/** An amount as the DOM reads it: Intl puts a no-break space after the currency code. */
export function shownCost(amount: number, currency: string): string {
  return formatCost(amount, currency).replace(/\s+/g, ' ');
}

/**
 * The texts of the code snippets on screen, once `count` of them rendered (the highlighter
 * loads lazily and splits the text into many spans).
 */
export async function findCodeSnippetTexts(count: number): Promise<string[]> {
  return waitFor(() => {
    const texts = Array.from(document.querySelectorAll('pre code')).map(
      code => code.textContent ?? '',
    );
    expect(texts).toHaveLength(count);
    return texts;
  });
}

export async function findErrorText(pattern: RegExp) {
  const matches = await screen.findAllByText(pattern);
  return matches[0];
}
