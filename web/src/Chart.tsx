import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/**
 * One ECharts figure, drawn as SVG (sharp and light) in the shipped font: SVG text takes no page
 * font, so without naming it Chinese shows as boxes.
 */
export function Chart({ option, className, label }: { option: echarts.EChartsCoreOption; className: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const chart = echarts.init(box.current, null, { renderer: 'svg' });
    chart.setOption({ animation: false, textStyle: { fontFamily: '"Noto Sans SC", sans-serif' }, ...option });
    return () => chart.dispose();
  }, [option]);
  return <div ref={box} className={className} role="img" aria-label={label} />;
}
