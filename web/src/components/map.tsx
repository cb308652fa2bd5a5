import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface MapPoint {
  lat: number;
  lon: number;
  label: string;
  tone?: 'here' | 'match' | 'other';
}

const COLOURS = { here: '#a12a1f', match: '#2f6b3a', other: '#56645a' };

// OpenStreetMap tiles when they load; without them the points still show on a plain background
// (the markers are drawn as SVG, not images). Clicking picks a location when onPick is given;
// every picker also has number fields, so the map is never the only way in.
export function MapView({
  points,
  center,
  onPick,
  label,
}: {
  points: MapPoint[];
  center?: { lat: number; lon: number };
  onPick?: (p: { lat: number; lon: number }) => void;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!box.current) return;
    // No animations: calmer, and none left running when the page unmounts the map mid-zoom.
    const m = L.map(box.current, {
      zoomControl: true,
      attributionControl: true,
      keyboard: true,
      zoomAnimation: false,
      fadeAnimation: false,
      markerZoomAnimation: false,
    });
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 19, attribution: '© OpenStreetMap contributors' }).addTo(m);
    layer.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) =>
      pick.current?.({ lat: Math.round(e.latlng.lat * 1e5) / 1e5, lon: Math.round(e.latlng.lng * 1e5) / 1e5 }),
    );
    map.current = m;
    return () => {
      m.stop();
      m.remove();
      map.current = null;
    };
  }, []);

  // Redrawn (and refocused) only when the points or the centre change, not on every render of
  // the page around the map: typing elsewhere must not undo the person's pan and zoom.
  const drawn = JSON.stringify([points.map((p) => [p.lat, p.lon, p.label, p.tone]), center && [center.lat, center.lon]]);
  const current = useRef({ points, center });
  current.current = { points, center };
  useEffect(() => {
    const { points, center } = current.current;
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    for (const p of points) {
      L.circleMarker([p.lat, p.lon], { radius: p.tone === 'here' ? 9 : 7, color: COLOURS[p.tone ?? 'other'], weight: 3, fillOpacity: 0.6 })
        .bindTooltip(p.label)
        .addTo(group);
    }
    const focus = center ?? points[0];
    if (points.length > 1)
      m.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])).pad(0.2), { maxZoom: 14, animate: false });
    else if (focus) m.setView([focus.lat, focus.lon], 11, { animate: false });
    else m.setView([20, 0], 2, { animate: false });
  }, [drawn]);

  return <div ref={box} className="map" role="region" aria-label={label} data-points={points.length} />;
}
