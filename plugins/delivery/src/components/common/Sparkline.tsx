import { Line, LineChart, Tooltip, YAxis } from 'recharts';
import { useTheme } from '@material-ui/core/styles';

export interface SparklinePoint {
  /** Bucket key, e.g. `2026-W13`. */
  key: string;
  value: number | null;
}

/**
 * A small trend line; buckets without a value leave a gap. The chart is decorative for
 * screen readers: `label` says what it shows.
 */
export function Sparkline(props: {
  points: SparklinePoint[];
  label: string;
  format: (value: number) => string;
  width?: number;
  height?: number;
}) {
  const theme = useTheme();
  const { points, label, format, width = 160, height = 36 } = props;
  return (
    <div role="img" aria-label={label} data-testid="sparkline">
      <LineChart
        width={width}
        height={height}
        data={points}
        margin={{ top: 4, right: 2, bottom: 4, left: 2 }}
      >
        <YAxis hide domain={['dataMin', 'dataMax']} />
        <Tooltip
          formatter={(value: unknown) =>
            typeof value === 'number' ? format(value) : '–'
          }
          labelFormatter={(_label: unknown, payload) =>
            (payload?.[0]?.payload as SparklinePoint | undefined)?.key ?? ''
          }
          separator=" "
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="value"
          name=""
          stroke={theme.palette.primary.main}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
