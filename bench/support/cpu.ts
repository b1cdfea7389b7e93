import { readFileSync, readdirSync } from "node:fs";

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/**
 * The fields of /proc/<pid>/stat after the command name (state, ppid, …, utime at 11, stime at
 * 12), or null once the process is gone. The name is in parentheses and may hold spaces.
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms; NaN once it is gone. */
function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : Number.NaN;
}

/** The processes of this machine for which `matches` holds. */
function processesWhere(matches: (pid: number) => boolean): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter(matches);
}

/** A process and its children: the server, with the processes it started when it runs several. */
export function processAndChildren(pid: number): number[] {
  return [pid, ...processesWhere((other) => Number(statFields(other)?.[1]) === pid)];
}

/** Every process of this machine named `name` (the kernel's short command name), by pid. */
function processesNamed(name: string): number[] {
  return processesWhere((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === name;
    } catch {
      return false; // gone meanwhile
    }
  });
}

export interface CpuReading {
  /** The server's processes (the supervisor and its workers when it runs several), by pid. */
  serverByPid: Map<number, number>;
  /** Every PostgreSQL process of this machine (its backends come and go: a sum by pid). */
  databaseByPid: Map<number, number>;
  benchMs: number;
}

export interface CpuSpent {
  serverMs: number;
  /** null on PGlite, which runs inside the server. */
  databaseMs: number | null;
  benchMs: number;
}

/** Where the machine's CPU goes while moves are measured: the server, the database, the bench's own clients. */
export function readCpu(serverPid: number, withPostgres: boolean): CpuReading {
  const databaseByPid = new Map<number, number>();
  if (withPostgres) for (const pid of processesNamed("postgres")) databaseByPid.set(pid, processCpuMs(pid));
  const own = process.cpuUsage();
  const serverByPid = new Map(processAndChildren(serverPid).map((pid) => [pid, processCpuMs(pid)]));
  return { serverByPid, databaseByPid, benchMs: (own.user + own.system) / 1000 };
}

/** CPU time processes spent between two readings; one that started meanwhile counts from zero. */
function spentByPid(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, ms] of after) if (Number.isFinite(ms)) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

export function cpuSpent(before: CpuReading, after: CpuReading, withPostgres: boolean): CpuSpent {
  return {
    serverMs: spentByPid(before.serverByPid, after.serverByPid),
    databaseMs: withPostgres ? spentByPid(before.databaseByPid, after.databaseByPid) : null,
    benchMs: after.benchMs - before.benchMs,
  };
}
