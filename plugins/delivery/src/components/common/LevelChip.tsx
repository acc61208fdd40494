import { PerformanceLevel } from '@runway/plugin-delivery-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { LEVEL_LABEL } from '../format';

// Dark enough for white text at WCAG AA contrast (4.5:1) in light and dark themes.
const LEVEL_COLOR: Record<PerformanceLevel, string> = {
  elite: '#1b5e20',
  high: '#2e6b30',
  medium: '#8a5300',
  low: '#b71c1c',
};

// Inline, not a style hook: the chip is on the service health card, which adds no style
// sheet of its own to the Overview (see inlineStyles.ts).
const CHIP_TEXT = { color: '#fff', fontWeight: 600 } as const;

/** A DORA performance level, with the benchmark it was graded by. */
export function LevelChip(props: {
  level: PerformanceLevel | null;
  benchmark?: string;
  size?: 'small' | 'medium';
}) {
  const { level, benchmark, size = 'small' } = props;
  if (!level) {
    return null;
  }
  const label = LEVEL_LABEL[level];
  const chip = (
    <Chip
      size={size}
      label={benchmark ? `${label} · DORA ${benchmark}` : label}
      style={{ ...CHIP_TEXT, backgroundColor: LEVEL_COLOR[level] }}
      data-level={level}
    />
  );
  return benchmark ? (
    <Tooltip
      title={`Performance level by the DORA ${benchmark} benchmark (State of DevOps report)`}
    >
      {chip}
    </Tooltip>
  ) : (
    chip
  );
}
