// The map component and its helpers: import from here.
export { MapView } from './MapView.js';
export type { MapViewProps, MapMarker, MapTrail, MapCircle, MapFit, EditablePolygon, LngLatRing } from './MapView.js';
export { MapPicker } from './MapPicker.js';
export type { MapPickerProps, PickedPoint } from './MapPicker.js';
export { useBoundaries, useMapConfig, loadBoundaries, forgetBoundaries } from './use-map-data.js';
