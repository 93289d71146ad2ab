import { useMemo } from 'react';
import { Chart } from '../src/Chart';

interface Month {
  month: string;
  dataMb: number;
  voiceMinutes: number;
  overageFee: number;
}

/** Three months of use, small: data as bars, voice as a line. */
export function UsageChart({ usage }: { usage: Month[] }) {
  const option = useMemo(
    () => ({
      grid: { left: 36, right: 36, top: 24, bottom: 20 },
      legend: { top: 0, itemWidth: 10, itemHeight: 8, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: usage.map((u) => `${u.month.slice(5)}月`) },
      yAxis: [
        { type: 'value', name: 'GB', nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 } },
        { type: 'value', name: '分钟', nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 } },
      ],
      series: [
        { name: '流量 GB', type: 'bar', data: usage.map((u) => Math.round((u.dataMb / 1024) * 10) / 10), itemStyle: { color: '#2f6fde' } },
        { name: '通话 分钟', type: 'line', yAxisIndex: 1, data: usage.map((u) => u.voiceMinutes), itemStyle: { color: '#e08a00' } },
      ],
    }),
    [usage],
  );
  return <Chart option={option} className="usage-chart" label="近三月用量 Usage of the last three months" />;
}
