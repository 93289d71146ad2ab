import { useRef } from 'react';

type Point = [number, number, number];

/**
 * The customer signs with a finger, a stylus or the mouse (Pointer Events cover all three); the
 * strokes go to the graph as they were drawn, timed, in the format it checks.
 */
export function SignaturePad({ onChange }: { onChange: (strokes: Point[][]) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const started = useRef(0);
  const drawing = useRef(false);
  const at = (e: React.PointerEvent<HTMLCanvasElement>): Point => {
    const box = e.currentTarget.getBoundingClientRect();
    if (!started.current) started.current = e.timeStamp;
    return [Math.round(e.clientX - box.left), Math.round(e.clientY - box.top), Math.round(e.timeStamp - started.current)];
  };
  const line = (from: Point, to: Point) => {
    const g = canvas.current?.getContext('2d');
    if (!g) return;
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.strokeStyle = '#1b2330';
    g.beginPath();
    g.moveTo(from[0], from[1]);
    g.lineTo(to[0], to[1]);
    g.stroke();
  };
  return (
    <div className="signature">
      <canvas
        ref={canvas}
        width={520}
        height={160}
        aria-label="签名区 Signature pad"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          strokes.current.push([at(e)]);
          drawing.current = true;
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const stroke = strokes.current[strokes.current.length - 1];
          const p = at(e);
          line(stroke[stroke.length - 1], p);
          stroke.push(p);
        }}
        onPointerUp={() => {
          drawing.current = false;
          onChange(strokes.current.map((s) => [...s]));
        }}
      />
      <button
        type="button"
        onClick={() => {
          strokes.current = [];
          started.current = 0;
          const c = canvas.current;
          c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
          onChange([]);
        }}
      >
        重签 Clear
      </button>
    </div>
  );
}
