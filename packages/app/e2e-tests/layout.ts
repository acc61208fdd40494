import AxeBuilder from '@axe-core/playwright';
import { expect, Page } from '@playwright/test';

// What the browser tests share: signing in, and the layout and accessibility checks of a
// page's main content (glance.test.ts, home.test.ts, delivery.test.ts).

export const sidebarCatalogLink = (page: Page) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });

/**
 * Signs in through the development-only demo provider (scripts/e2e.sh turns it on). With
 * `path`, the sign-in happens on that page (the provider reads its query parameter on any
 * address), which saves loading the home page first.
 */
export async function signInAs(page: Page, user: string, path: string = '/') {
  const separator = path.includes('?') ? '&' : '?';
  await page.goto(
    `${path}${separator}runway-demo-user=${encodeURIComponent(user)}`,
  );
  await expect(sidebarCatalogLink(page)).toBeVisible();
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(sidebarCatalogLink(page)).toBeVisible();
}

/**
 * The page's main content: an entity page's `main` (the catalog's entity layout), else the
 * `article` of a page's `Content`; the first in document order, so an entity page's `main`
 * wins over the `article`s of the cards inside it (Backstage UI's Card is one), which are
 * not the content. The app's own layout has no `main` landmark.
 */
export const MAIN_CONTENT = 'main, article';

/**
 * The catalog page (Backstage UI's Header and Container) has no `article`: its main content
 * is the box that holds the filters and the table's card.
 */
export const CATALOG_CONTENT = '.MuiPaper-root:has(table)';

/**
 * What of the main content is wider than its box: the document, the content's container and
 * every scroll container inside it (a table scrolls in its own box, which the container alone
 * would not show).
 */
export async function horizontalOverflow(
  page: Page,
  main: string = MAIN_CONTENT,
) {
  await expect(page.locator(main).first()).toBeVisible();
  return page.evaluate(selector => {
    const content = document.querySelector<HTMLElement>(selector)!;
    const container = content.parentElement!;
    const boxes = [
      document.documentElement,
      container,
      ...Array.from(container.querySelectorAll<HTMLElement>('*')).filter(el => {
        const overflowX = getComputedStyle(el).overflowX;
        return overflowX === 'auto' || overflowX === 'scroll';
      }),
    ];
    return boxes
      .filter(el => el.scrollWidth > el.clientWidth + 1)
      .map(
        el =>
          `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${
            el.clientWidth
          }`,
      );
  }, main);
}

/**
 * Words in `selector` (inside the main content's container) that the browser broke across
 * lines, e.g. a team name squeezed into syllables ("Pay / men / ts"); breaks between words
 * (and after a hyphen, slash or middle dot) are fine. Fails when `selector` matches no text,
 * so that a renamed table cannot pass unchecked.
 */
export async function midWordBreaks(
  page: Page,
  selector: string,
  main: string = MAIN_CONTENT,
) {
  await expect(page.locator(main).first()).toBeVisible();
  const { checked, broken } = await page.evaluate(
    ([content, sel]) => {
      const found: string[] = [];
      let characters = 0;
      const cells = document
        .querySelector(content)!
        .parentElement!.querySelectorAll<HTMLElement>(sel);
      for (const cell of Array.from(cells)) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          const range = document.createRange();
          let previousTop: number | undefined;
          for (let i = 0; i < text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) {
              continue;
            }
            characters++;
            const top = Math.round(rect.top);
            if (
              previousTop !== undefined &&
              top > previousTop &&
              /\S/.test(text[i]) &&
              /[^\s\-/·]/.test(text[i - 1] ?? ' ')
            ) {
              found.push(text);
              break;
            }
            previousTop = top;
          }
        }
      }
      return { checked: characters, broken: found };
    },
    [main, selector] as const,
  );
  expect(checked, `text to check in ${selector}`).toBeGreaterThan(0);
  return broken;
}

/**
 * Text in `selector` that a box hiding its overflow cuts off (e.g. the catalog filter column's
 * "Owned" shown as "Ownec"): the texts of the elements in it whose content is wider than they
 * are while they clip it. Fails when `selector` holds no text, so that a renamed region cannot
 * pass unchecked.
 */
export async function clippedText(page: Page, selector: string) {
  const region = page.locator(selector).first();
  await expect(region).toBeVisible();
  await expect(region).toContainText(/\S/);
  return region.evaluate(root =>
    [root, ...Array.from(root.querySelectorAll<HTMLElement>('*'))]
      .filter(el => {
        const overflowX = getComputedStyle(el).overflowX;
        return (
          (overflowX === 'hidden' || overflowX === 'clip') &&
          el.scrollWidth > el.clientWidth + 1 &&
          /\S/.test(el.textContent ?? '')
        );
      })
      .map(
        el =>
          `"${(el.textContent ?? '').trim()}": ${el.scrollWidth} > ${
            el.clientWidth
          }`,
      ),
  );
}

/**
 * Runs axe on `include` (default: the main content) and expects no serious or critical
 * violation. The region must be on the page and hold text (`mustContain` when given): an
 * include that matches nothing, or an empty box, would pass without checking anything.
 */
export async function expectAxeClean(
  page: Page,
  options: {
    include?: string;
    mustContain?: string | RegExp;
    /** Parts left out of the check, each with the reason at the call. */
    exclude?: string[];
  } = {},
) {
  const include = options.include ?? MAIN_CONTENT;
  const region = page.locator(include).first();
  await expect(region).toBeVisible();
  await expect(region).toContainText(options.mustContain ?? /\S/);
  let builder = new AxeBuilder({ page }).include(include);
  for (const selector of options.exclude ?? []) {
    builder = builder.exclude(selector);
  }
  const axe = await builder
    // Backstage's Table (material-table) nests a button inside each sortable column header's
    // sort label: the library's markup, the same on every Backstage table.
    .disableRules(['nested-interactive'])
    .analyze();
  expect(axe.passes.length).toBeGreaterThan(0);
  const serious = axe.violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map(
      v =>
        `${v.id}: ${v.help} (${v.nodes
          .map(n => n.target.join(' '))
          .join(', ')})`,
    ),
  ).toEqual([]);
}
