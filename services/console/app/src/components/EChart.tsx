import { useEffect, useRef, type ReactNode } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

/** A thin React wrapper around one ECharts instance (canvas: nothing for the CSP to allow). */
export function EChart({
  option,
  label,
  height = 280,
  onClick,
  testId,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  onClick?: (name: string) => void;
  testId?: string;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(String((p as { name?: string }).name ?? '')));
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option]);
  return (
    <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
  );
}
