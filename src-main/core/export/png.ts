// The diagram as PNG: our SVG rasterized by resvg (@resvg/resvg-js, MPL-2.0, prebuilt binary per
// platform), off the event loop (renderAsync runs on the libuv pool). Text is drawn with the
// system's fonts; the SVG asks for a monospace family first (DejaVu Sans Mono on Linux).
// Loaded lazily so commands that never draw a PNG never load the native module.

export interface PngOptions {
  /** 2 = twice the SVG's size in each direction (crisp on high-density screens and in print). */
  scale: number;
  /** Fills what the SVG leaves transparent (our SVG paints its own background). */
  background?: string;
}

export interface PngImage {
  png: Uint8Array;
  width: number;
  height: number;
}

export type Rasterize = (svg: string, options: PngOptions) => Promise<PngImage>;

export const resvgRasterize: Rasterize = async (svg, options) => {
  const { renderAsync } = await import('@resvg/resvg-js');
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: options.scale },
    ...(options.background ? { background: options.background } : {}),
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono', monospaceFamily: 'DejaVu Sans Mono', sansSerifFamily: 'DejaVu Sans' },
    // The SVG never references external files; resvg is told not to log about anything else.
    logLevel: 'off',
  });
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
};
