import { useEffect, useId, useMemo, useState } from 'react';
import { LABEL_SERIES } from '../../charts/palette';
import type { FrameFilter } from '../../frame/query';
import { formatCount } from '../../lib/format';
import type { ExploreConfig } from '../../store/exploreSlice';
import { eventName } from '../load/eventNames';
import type { FilterChip } from './filterChips';
import { zoneChoices } from './timeZones';

const TOP_N_CHOICES = [5, 10, 15, 20, 30, 50] as const;
const ALL = 'all';

interface Props {
  config: ExploreConfig;
  eventIdCounts: { eventId: number; count: number }[];
  hosts: { code: number; name: string }[];
  chips: FilterChip[];
  onFilter: (patch: Partial<FrameFilter>) => void;
  onClearAll: () => void;
  onTopN: (topN: number) => void;
  onScale: (scale: ExploreConfig['scale']) => void;
  onTimeZone: (zone: string) => void;
}

/** `datetime-local` text for an epoch-ms time, read as UTC. */
function toInputValue(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().slice(0, 19);
}

function fromInputValue(value: string): number | null {
  if (value === '') return null;
  const ms = Date.parse(`${value}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** The filters every Explore chart obeys, the chart options, and a chip per active filter. */
export function FilterBar({ config, eventIdCounts, hosts, chips, onFilter, onClearAll, onTopN, onScale, onTimeZone }: Props) {
  const id = useId();
  const filter = config.filter;
  const [text, setText] = useState(filter.text);
  const zones = useMemo(() => zoneChoices(config.timeZone), [config.timeZone]);

  // Typing is debounced; a chip's clear (or Clear all) resets the box.
  useEffect(() => setText(filter.text), [filter.text]);
  useEffect(() => {
    if (text === filter.text) return;
    const timer = setTimeout(() => onFilter({ text }), 300);
    return () => clearTimeout(timer);
  }, [text, filter.text, onFilter]);

  const eventValue = filter.eventIds.length === 1 ? String(filter.eventIds[0]) : filter.eventIds.length === 0 ? ALL : 'several';
  const hostValue = filter.hostCodes.length === 1 ? String(filter.hostCodes[0]) : filter.hostCodes.length === 0 ? ALL : 'several';
  const labelValue = filter.labels.length === 1 ? String(filter.labels[0]) : filter.labels.length === 0 ? ALL : 'several';

  return (
    <div className="explore-controls">
      <fieldset className="filter-fields">
        <legend>Filters (apply to every chart and the table)</legend>
        <div className="field">
          <label htmlFor={`${id}-event`}>Event type</label>
          <select id={`${id}-event`} value={eventValue} onChange={(e) => onFilter({ eventIds: e.target.value === ALL ? [] : [Number(e.target.value)] })}>
            <option value={ALL}>All events</option>
            {eventValue === 'several' ? <option value="several">Several</option> : null}
            {eventIdCounts.map((c) => (
              <option key={c.eventId} value={String(c.eventId)}>
                {c.eventId} {eventName(c.eventId)} ({formatCount(c.count)})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-host`}>Host</label>
          <select id={`${id}-host`} value={hostValue} onChange={(e) => onFilter({ hostCodes: e.target.value === ALL ? [] : [Number(e.target.value)] })}>
            <option value={ALL}>All hosts</option>
            {hostValue === 'several' ? <option value="several">Several</option> : null}
            {hosts.map((h) => (
              <option key={h.code} value={String(h.code)}>
                {h.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-label`}>Label</label>
          <select id={`${id}-label`} value={labelValue} onChange={(e) => onFilter({ labels: e.target.value === ALL ? [] : [Number(e.target.value)] })}>
            <option value={ALL}>All labels</option>
            {labelValue === 'several' ? <option value="several">Several</option> : null}
            {LABEL_SERIES.map((s) => (
              <option key={s.label} value={String(s.label)}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From (UTC)</label>
          <input
            id={`${id}-from`}
            type="datetime-local"
            step={1}
            value={toInputValue(filter.timeFromMs)}
            onChange={(e) => onFilter({ timeFromMs: fromInputValue(e.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To (UTC)</label>
          <input
            id={`${id}-to`}
            type="datetime-local"
            step={1}
            value={toInputValue(filter.timeToMs)}
            onChange={(e) => onFilter({ timeToMs: fromInputValue(e.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Name or folder contains</label>
          <input id={`${id}-text`} type="search" value={text} placeholder="e.g. temp" onChange={(e) => setText(e.target.value)} />
        </div>
      </fieldset>
      <fieldset className="filter-fields">
        <legend>Display</legend>
        <div className="field">
          <label htmlFor={`${id}-zone`}>Time zone</label>
          <select id={`${id}-zone`} value={config.timeZone} onChange={(e) => onTimeZone(e.target.value)}>
            {zones.map(({ zone, label }) => (
              <option key={zone} value={zone}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-scale`}>Hours and weekdays as</label>
          <select id={`${id}-scale`} value={config.scale} onChange={(e) => onScale(e.target.value === 'share' ? 'share' : 'count')}>
            <option value="count">Event counts</option>
            <option value="share">Share of each class</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-topn`}>Bars in top charts</label>
          <select id={`${id}-topn`} value={String(config.topN)} onChange={(e) => onTopN(Number(e.target.value))}>
            {TOP_N_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <div className="filter-chips" aria-label="Active filters" role="group">
        {chips.length === 0 ? <span className="muted">No filters: every event is shown.</span> : null}
        {chips.map((chip) => (
          <span className="chip" key={chip.key}>
            <span className="chip-text">{chip.text}</span>
            <button type="button" className="chip-clear" aria-label={`Clear filter ${chip.text}`} onClick={() => onFilter(chip.clear)}>
              ×
            </button>
          </span>
        ))}
        {chips.length > 0 ? (
          <button type="button" className="clear-all" onClick={onClearAll}>
            Clear all
          </button>
        ) : null}
      </div>
    </div>
  );
}
