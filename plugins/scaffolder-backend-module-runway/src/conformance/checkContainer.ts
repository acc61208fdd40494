import { CheckResult, RepositoryFiles } from './types';

const ROOT_USERS = new Set(['root', '0', '0:0', 'root:root']);

/** Dockerfile: multi-stage, every external base image pinned by digest, non-root at run time. */
export function checkDockerfile(files: RepositoryFiles): CheckResult {
  const result: CheckResult = {
    id: 'container-image',
    title:
      'Dockerfile: multi-stage, base images pinned by digest, runs as non-root',
    problems: [],
  };
  const text = files.read('Dockerfile');
  if (text === undefined) {
    result.problems.push('Dockerfile is missing');
    return result;
  }
  const instructions = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
  const stages: string[] = [];
  let finalStageUser: string | undefined;
  for (const line of instructions) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(
      line,
    );
    if (from) {
      const [, image, alias] = from;
      if (
        !stages.includes(image.toLowerCase()) &&
        !image.includes('@sha256:')
      ) {
        result.problems.push(
          `Dockerfile: base image ${image} is not pinned by digest (@sha256:...)`,
        );
      }
      if (alias) {
        stages.push(alias.toLowerCase());
      }
      finalStageUser = undefined;
      continue;
    }
    const user = /^USER\s+(\S+)/i.exec(line);
    if (user) {
      finalStageUser = user[1];
    }
  }
  const fromCount = instructions.filter(line => /^FROM\s/i.test(line)).length;
  if (fromCount < 2) {
    result.problems.push(
      'Dockerfile: not a multi-stage build (build tools would ship in the image)',
    );
  }
  if (!finalStageUser || ROOT_USERS.has(finalStageUser)) {
    result.problems.push('Dockerfile: the final stage sets no non-root USER');
  }
  return result;
}
