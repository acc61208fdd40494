import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { TEMPLATES_DIR } from '../__testUtils__/dryRunTemplate';

async function templateFolders(): Promise<string[]> {
  const entries = await fs.readdir(TEMPLATES_DIR, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries.filter(e => e.isDirectory())) {
    const exists = await fs
      .access(path.join(TEMPLATES_DIR, entry.name, 'template.yaml'))
      .then(
        () => true,
        () => false,
      );
    if (exists) {
      folders.push(entry.name);
    }
  }
  return folders;
}

describe('templates/', () => {
  it('holds the four golden-path templates and the environment request', async () => {
    expect((await templateFolders()).sort()).toEqual([
      'environment-request',
      'go-service',
      'python-service',
      'retrofit',
      'typescript-service',
    ]);
  });

  it('versions every template and says what changed in its current version', async () => {
    for (const folder of await templateFolders()) {
      const template = parse(
        await fs.readFile(
          path.join(TEMPLATES_DIR, folder, 'template.yaml'),
          'utf8',
        ),
      );
      expect(template.metadata.name).toBe(folder);
      const version: string =
        template.metadata.annotations?.['runway.dev/template-version'];
      expect({ folder, version }).toEqual({
        folder,
        version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      });
      const changelog = await fs.readFile(
        path.join(TEMPLATES_DIR, folder, 'CHANGELOG.md'),
        'utf8',
      );
      const newest = /^## (\d+\.\d+\.\d+)/m.exec(changelog)?.[1];
      expect({ folder, newest }).toEqual({ folder, newest: version });
    }
  });
});

describe('the delivery report script', () => {
  // Each generated repository must carry its own copy (it runs in that repository's CI), so
  // the script and its test are copied into every template; they must stay one script.
  const copies = [
    'typescript-service/skeleton/scripts',
    'python-service/skeleton/scripts',
    'go-service/skeleton/scripts',
    'retrofit/common/scripts',
  ];

  it.each(['runway-report.mjs', 'runway-report.test.mjs'])(
    '%s is the same file in every template',
    async file => {
      const contents = await Promise.all(
        copies.map(dir => fs.readFile(path.join(TEMPLATES_DIR, dir, file), 'utf8')),
      );
      for (const [index, content] of contents.entries()) {
        expect({ copy: copies[index], content }).toEqual({
          copy: copies[index],
          content: contents[0],
        });
      }
    },
  );
});
