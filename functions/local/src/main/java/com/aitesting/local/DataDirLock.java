package com.aitesting.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Exclusive use of a kept DATA_DIR for the life of one ai-testing process: an OS file lock on
 * {@code <DATA_DIR>.lock}, next to the folder (initdb needs the folder itself empty). The OS drops the lock
 * when its process dies, also on kill -9, while the postmaster that process started keeps running (pg_ctl
 * detaches it). So whoever holds the lock knows that a postmaster still running on the folder was left
 * behind by a killed ai-testing, and stops it before starting its own ({@link #stopLeftoverPostgres}).
 */
final class DataDirLock implements AutoCloseable {
    private static final Duration SMART_SHUTDOWN_WAIT = Duration.ofSeconds(5);
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails at once when another live process (or this one) uses the folder. */
    static DataDirLock acquire(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process, e.g. a second runtime on the same folder
            }
            if (lock == null) {
                String holder = holder(lockFile).map(pid -> " (pid " + pid + ")").orElse("");
                throw new IllegalStateException("Another ai-testing" + holder + " is using the data folder " + dir
                        + ": it holds " + lockFile + ". Stop it first, or set DATA_DIR to another folder.");
            }
            // Who holds it, for the message above; the lock, not this content, is what counts.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new DataDirLock(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof IllegalStateException already) {
                throw already;
            }
            throw new IllegalStateException("Cannot lock the data folder " + dir + " with " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * A postmaster still running on the folder (pid = first line of postmaster.pid, alive, a postgres
     * executable) belongs to a killed ai-testing, since this process holds the lock. It is stopped cleanly
     * and with a bound: a smart shutdown first (SIGTERM; the killed process's sessions died with it, so it
     * ends at once), then a fast one (SIGINT) if some other session, e.g. a psql, holds it back. A stale
     * postmaster.pid without a live process is left to PostgreSQL, which ignores it.
     */
    void stopLeftoverPostgres() {
        Optional<ProcessHandle> leftover = leftoverPostmaster();
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = leftover.get();
        long pid = postmaster.pid();
        System.out.println("ai-testing: stopping a leftover PostgreSQL (pid " + pid + ") still running on " + dataDir
                + " after the ai-testing that started it was killed; then starting again");
        postmaster.destroy();
        if (!exits(postmaster, SMART_SHUTDOWN_WAIT)) {
            fastShutdown(pid);
            if (!exits(postmaster, FAST_SHUTDOWN_WAIT)) {
                throw new IllegalStateException("The leftover PostgreSQL (pid " + pid + ") on " + dataDir + " did not stop within "
                        + SMART_SHUTDOWN_WAIT.plus(FAST_SHUTDOWN_WAIT).toSeconds() + " s. Stop it, then start again.");
            }
        }
    }

    private static boolean exits(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the leftover PostgreSQL (pid " + process.pid() + ")", e);
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** SIGINT, which the JDK cannot send: PostgreSQL's fast shutdown (sessions rolled back, clean checkpoint). */
    private static void fastShutdown(long pid) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill command: the caller's bounded wait reports the postmaster still running
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<ProcessHandle> leftoverPostmaster() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.exists(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: PostgreSQL's own start reports what is wrong with it
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false))
                .filter(this::runsInDataDir);
    }

    /**
     * The postmaster works in its data folder. Where the OS shows a process's working folder (Linux /proc),
     * it must be this one: a recycled pid that now belongs to some other PostgreSQL is not ours to stop.
     */
    private boolean runsInDataDir(ProcessHandle process) {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            return Files.readSymbolicLink(cwd).equals(dataDir.toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true; // no /proc: the pid file and the executable's name are all there is to go by
        }
    }

    private static Optional<String> holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return pid.isEmpty() ? Optional.empty() : Optional.of(pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // on the way out; the OS releases the lock with the process anyway
            }
        }
    }
}
