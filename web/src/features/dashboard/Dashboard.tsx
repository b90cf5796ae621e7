import { useSubscription } from "urql";
import { graphql, readFragment, type FragmentType } from "../../gql";
import { label, number, percent } from "../../lib/format";
import { Link } from "../../lib/router";

const DashboardStatsFragment = graphql(`
  fragment DashboardStats on TicketStats {
    totalTickets
    openTickets
    avgTicketsPerDay
    byPriority {
      priority
      count
    }
    byCategory {
      category
      count
    }
    byStatus {
      status
      count
    }
    perDay {
      date
      count
    }
    aiSuggestions {
      total
      accepted
      acceptanceRate
    }
  }
`);

const DashboardStatsSubscription = graphql(`
  subscription DashboardStatsLive {
    ticketStats {
      ...DashboardStats
    }
  }
`);

/** Agents' numbers, live: the ticketStats subscription sends them at once and after every change. */
export function Dashboard() {
  const [{ data, error }] = useSubscription({ query: DashboardStatsSubscription });
  const stats = data?.ticketStats;
  if (!stats) {
    return (
      <section className="panel" aria-busy={!error}>
        <h2>Dashboard</h2>
        {error ? (
          <p role="alert" className="field-error">
            The statistics could not be loaded:{" "}
            {error.graphQLErrors[0]?.message ?? "connection problem"}. Retrying when the connection
            is back.
          </p>
        ) : (
          <p className="muted">Loading the statistics…</p>
        )}
      </section>
    );
  }
  return <DashboardView stats={stats} />;
}

function DashboardView({
  stats: statsRef,
}: {
  stats: FragmentType<typeof DashboardStatsFragment>;
}) {
  const stats = readFragment(DashboardStatsFragment, statsRef);
  return (
    <div className="dashboard">
      <h2 className="visually-hidden">Dashboard</h2>
      <dl className="cards">
        <Card term="Total tickets" value={number.format(stats.totalTickets)} testId="stat-total" />
        <Card term="Open" value={number.format(stats.openTickets)} testId="stat-open" />
        <Card term="Average per day" value={stats.avgTicketsPerDay.toFixed(1)} testId="stat-avg" />
        <Card
          term="AI acceptance"
          value={percent(stats.aiSuggestions.acceptanceRate)}
          note={`${number.format(stats.aiSuggestions.accepted)} of ${number.format(stats.aiSuggestions.total)} suggestions kept`}
          testId="stat-acceptance"
        />
      </dl>
      <div className="charts">
        <BarChart
          title="By priority"
          items={stats.byPriority.map((p) => ({
            key: p.priority,
            count: p.count,
            href: `/?priority=${p.priority}`,
          }))}
        />
        <BarChart
          title="By category"
          items={stats.byCategory.map((c) => ({
            key: c.category,
            count: c.count,
            href: `/?category=${c.category}`,
          }))}
        />
        <BarChart
          title="By status"
          items={stats.byStatus.map((s) => ({
            key: s.status,
            count: s.count,
            href: `/?status=${s.status}`,
          }))}
        />
      </div>
      <PerDayChart days={stats.perDay} />
    </div>
  );
}

function Card({
  term,
  value,
  note,
  testId,
}: {
  term: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="card">
      <dt>{term}</dt>
      <dd data-testid={testId}>{value}</dd>
      {note && <dd className="muted small">{note}</dd>}
    </div>
  );
}

interface Bar {
  key: string;
  count: number;
  href: string;
}

/** Horizontal bars; each is a link to the list with that filter, and its text is the data. */
function BarChart({ title, items }: { title: string; items: Bar[] }) {
  const max = Math.max(1, ...items.map((item) => item.count));
  return (
    <figure className="panel chart">
      <figcaption>{title}</figcaption>
      <ul className="bars">
        {items.map((item) => (
          <li key={item.key}>
            <Link
              href={item.href}
              className="bar-link"
              title={`Show these ${number.format(item.count)} tickets`}
            >
              <span className="bar-label">{label(item.key)}</span>
              <span className="visually-hidden">: </span>
              <span className="bar-track" aria-hidden="true">
                <span
                  className={`bar-fill fill-${item.key.toLowerCase()}`}
                  style={{ width: `${(item.count / max) * 100}%` }}
                />
              </span>
              <span className="bar-value">{number.format(item.count)}</span>
              <span className="visually-hidden"> tickets</span>
            </Link>
          </li>
        ))}
      </ul>
    </figure>
  );
}

function PerDayChart({ days }: { days: { date: string; count: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const total = days.reduce((sum, d) => sum + d.count, 0);
  return (
    <figure className="panel chart per-day">
      <figcaption>
        Tickets per day, last {days.length} days ({number.format(total)} in all)
      </figcaption>
      <ol className="columns">
        {days.map((d) => (
          <li key={d.date}>
            <Link
              href={`/?day=${d.date}`}
              className="column-link"
              aria-label={`${d.date}: ${number.format(d.count)} tickets. Show them`}
              title={`${d.date}: ${d.count}`}
            >
              <span
                className="column"
                style={{ height: `${Math.max(2, (d.count / max) * 100)}%` }}
              />
            </Link>
          </li>
        ))}
      </ol>
      <details>
        <summary>Table of tickets per day</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Tickets</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{d.date}</td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
