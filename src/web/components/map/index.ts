// The map component and its helpers: import from here.
export { MapView } from './MapView.js';
export type { MapViewProps, MapMarker, MapTrail, MapCircle, MapFit, EditablePolygon, LngLatRing } from './MapView.js';
export { MapPicker } from './MapPicker.js';
export type { MapPickerProps, PickedPoint } from './MapPicker.js';
export { useBoundaries, useMapConfig, loadBoundaries, forgetBoundaries } from './use-map-data.js';
export { PolygonField } from './PolygonField.js';
export type { PolygonFieldProps } from './PolygonField.js';
export { useTripReporter, currentFix, TRIP_LABELS } from './use-trip-reporter.js';
export type { TripReporterState } from './use-trip-reporter.js';
export { RegionBoundaryCard, BOUNDARY_LABELS } from './RegionBoundaryCard.js';
