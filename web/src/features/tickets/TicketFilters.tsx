import { useEffect, useId, useState } from "react";
import { CATEGORIES, PRIORITIES, STATUSES, label } from "../../lib/format";
import { navigate } from "../../lib/router";
import { EMPTY_FILTERS, filtersToSearch, hasFilters, type Filters } from "./filters";

export const SEARCH_DEBOUNCE_MS = 350;

function go(filters: Filters) {
  navigate(`/${filtersToSearch(filters)}`);
}

export function TicketFilters({ filters }: { filters: Filters }) {
  const [q, setQ] = useState(filters.q);
  const searchId = useId();

  // The URL changed (back button, a dashboard link): show its search.
  useEffect(() => {
    setQ(filters.q);
  }, [filters.q]);

  // Typing: into the URL after a pause.
  useEffect(() => {
    if (q.trim() === filters.q.trim()) return;
    const timer = setTimeout(() => go({ ...filters, q }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, filters]);

  return (
    <div className="filters" role="search">
      <div className="field search">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          placeholder="Title or description"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <CheckGroup
        legend="Category"
        values={CATEGORIES}
        selected={filters.category}
        onChange={(category) => go({ ...filters, category })}
      />
      <CheckGroup
        legend="Priority"
        values={PRIORITIES}
        selected={filters.priority}
        onChange={(priority) => go({ ...filters, priority })}
      />
      <CheckGroup
        legend="Status"
        values={STATUSES}
        selected={filters.status}
        onChange={(status) => go({ ...filters, status })}
      />
      {filters.day && (
        <p className="day-filter">
          Created on {filters.day}{" "}
          <button type="button" className="link" onClick={() => go({ ...filters, day: "" })}>
            any day
          </button>
        </p>
      )}
      {hasFilters(filters) && (
        <button type="button" className="link clear" onClick={() => go(EMPTY_FILTERS)}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function CheckGroup<T extends string>({
  legend,
  values,
  selected,
  onChange,
}: {
  legend: string;
  values: readonly T[];
  selected: T[];
  onChange: (next: T[]) => void;
}) {
  return (
    <fieldset className="check-group">
      <legend>{legend}</legend>
      {values.map((value) => {
        const checked = selected.includes(value);
        return (
          <label key={value} className={checked ? "chip checked" : "chip"}>
            <input
              type="checkbox"
              name={legend.toLowerCase()}
              value={value}
              checked={checked}
              onChange={() =>
                onChange(
                  checked
                    ? selected.filter((v) => v !== value)
                    : values.filter((v) => v === value || selected.includes(v)),
                )
              }
            />
            {label(value)}
          </label>
        );
      })}
    </fieldset>
  );
}
