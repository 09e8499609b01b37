import { loadPlotly, type Figure } from './plotly';

/** Image formats a chart can be saved as. */
export type ImageFormat = 'png' | 'svg';

/** Slide-sized by default, so an exported chart drops straight into a presentation. */
export const EXPORT_SIZE = { width: 1280, height: 720 } as const;

/**
 * Saves a figure as an image file named `<filename>.png|svg`. The figure's text must already
 * be escaped (the chart builders do it), so capture text stays literal in the file.
 */
export async function downloadFigure(figure: Figure, filename: string, format: ImageFormat): Promise<void> {
  const plotly = await loadPlotly();
  await plotly.downloadImage(
    { data: figure.data, layout: { ...figure.layout, width: EXPORT_SIZE.width, height: EXPORT_SIZE.height } },
    { format, filename, width: EXPORT_SIZE.width, height: EXPORT_SIZE.height, scale: format === 'png' ? 2 : 1 },
  );
}
