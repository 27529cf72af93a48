package io.ferry.installer.data;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.stream.BlockInputStream;
import io.ferry.installer.stream.BoundedPipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a stack tool (pg_dump, psql, ...) inside a running container with docker-java's exec:
 * to its end ({@link #run}), fed a stream of known length on stdin ({@link #feed}), or with its
 * stdout as a stream for someone else to read ({@link #stream}).
 *
 * <p>Every command runs under a small {@code sh} wrapper ({@link #wrapped}), for three reasons:
 * <ul>
 *   <li>docker-java cannot half-close a hijacked stdin, so a tool reading stdin would wait forever
 *       for its end: the wrapper puts {@code head -c LENGTH} in front, which ends the tool's input
 *       after exactly the bytes sent (the length is always known: from the signed manifest or the
 *       backup repository);</li>
 *   <li>the engine has no call to stop an exec'd process: the wrapper writes its process ID to
 *       stderr first, so Ferry can signal it from a second exec;</li>
 *   <li>in a database image the server often is PID 1 and reaps every orphan; PostgreSQL takes
 *       ANY child that dies by a signal for a crashed backend and restarts all connections. The
 *       wrapper outlives its children, so they are reaped by the wrapper, never by the server.
 *       For the same reason Ferry never sends KILL (the wrapper could not outlive it).</li>
 * </ul>
 * A descriptor command should therefore run its tool directly (as {@code [pg_dump, ...]}), not
 * through a shell of its own whose children could still be orphaned. Needs {@code sh}, {@code
 * head} and {@code kill} (a shell builtin) in the image. Thread-safe.
 */
public final class ContainerCommand {
  /**
   * How a command ended: its exit code, the last {@value #TAIL} bytes of stdout (up to
   * {@value #RUN_STDOUT} for {@link #run}) and of stderr.
   */
  public record Result(long exitCode, String stdout, String stderr) {}

  static final int TAIL = 4096;
  static final int RUN_STDOUT = 64 * 1024;
  /** How much of a dump may wait in memory for a slow consumer: enough to smooth out bursts, flat however large the dump. */
  static final int STREAM_BUFFER = 4 << 20;
  private static final String PID_MARKER = "ferry-exec-pid ";
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

  /**
   * docker-java's stream thread and its stdin-copying thread belong to the thread group of the
   * thread that starts the exec. When a tool stops reading stdin (it failed, or was stopped) the
   * stdin thread dies of a broken pipe, and the default handler would print that stack trace on the
   * user's terminal. Starting execs from this group keeps those threads quiet; the exec's own
   * result says what went wrong.
   */
  private static final ThreadGroup QUIET = new ThreadGroup("ferry-exec") {
    @Override
    public void uncaughtException(Thread t, Throwable e) {
      // expected when a tool ends before its input does; reported through the exec's result
    }
  };

  private final DockerClient client;

  public ContainerCommand(DockerClient client) {
    this.client = client;
  }

  /** Runs {@code command} to its end without stdin; stopped (and an IOException) after {@code timeout}. */
  public Result run(String container, List<String> command, Duration timeout) throws IOException {
    Tail stdout = new Tail(RUN_STDOUT);
    Exec exec = start(container, command, -1, null, stdout::add);
    exec.awaitEnd(timeout, null);
    return new Result(exec.awaitExitCode(), stdout.text(), exec.stderr.text());
  }

  /**
   * Runs {@code command} with exactly {@code length} bytes of {@code stdin} as its input and waits
   * for its end. Reads no more than {@code length} bytes of {@code stdin} and never closes it: the
   * caller reads the rest (there should be none) and closes it, so that a source that verifies
   * itself at its end gets to do so.
   *
   * @throws IOException if {@code stdin} fails or ends early (the command is stopped, the message
   *     says after how many bytes), if the command does not end within {@code timeout}, or if the
   *     engine fails; a non-zero exit is a {@link Result}, not an exception
   */
  public Result feed(String container, List<String> command, InputStream stdin, long length, Duration timeout)
      throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    Tail stdout = new Tail(TAIL);
    Feed feed = new Feed(stdin, length);
    Exec exec = start(container, command, length, feed, stdout::add);
    try {
      exec.awaitEnd(timeout, feed);
    } finally {
      feed.shut();
    }
    return new Result(exec.awaitExitCode(), stdout.text(), exec.stderr.text());
  }

  /**
   * Starts {@code command} and returns its stdout as a stream. The tool writes only as fast as
   * the stream is read: a buffer of {@value #STREAM_BUFFER} bytes sits between them, and when it is
   * full the engine stops reading the tool's output, which stops the tool. At the end of the
   * output the exit code is checked: a non-zero exit fails the read with a {@link
   * CommandFailedException}. Closing the stream before its end stops the tool (TERM to its process
   * group) and waits for it to be gone.
   */
  public InputStream stream(String container, List<String> command) throws IOException {
    BoundedPipe pipe = new BoundedPipe(STREAM_BUFFER);
    Exec[] self = new Exec[1];
    CountDownLatch started = new CountDownLatch(1);
    Exec exec = start(container, command, -1, null, new FrameSink() {
      @Override
      public void add(byte[] payload) {
        if (pipe.readerClosed()) {
          return; // nobody reads any more: the tool is being stopped
        }
        try {
          pipe.write(payload, 0, payload.length);
        } catch (IOException e) {
          // the reader closed meanwhile; close() stops the tool
        }
      }

      @Override
      public void end(Throwable error) {
        try {
          started.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Exec x = self[0];
        if (pipe.readerClosed()) {
          return;
        }
        if (error != null) {
          pipe.fail(new IOException("the output of '" + String.join(" ", command) + "' in container " + container
              + " broke off: " + DockerEngine.rootMessage(error), error));
          return;
        }
        try {
          long code = x.awaitExitCode();
          if (code != 0) {
            pipe.fail(new CommandFailedException(command, container, code, x.stderr.text()));
          } else {
            pipe.finish();
          }
        } catch (IOException e) {
          pipe.fail(e);
        }
      }
    });
    self[0] = exec;
    started.countDown();
    InputStream out = pipe.reader();
    return new InputStream() {
      private boolean closed;

      @Override
      public int read() throws IOException {
        return out.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return out.read(b, off, len);
      }

      @Override
      public int available() throws IOException {
        return out.available();
      }

      @Override
      public synchronized void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        out.close();
        try {
          exec.stopIfRunning();
        } finally {
          exec.closeQuietly();
        }
      }
    };
  }

  // -----------------------------------------------------------------------------------------------

  /** Where a running exec's output goes; called on docker-java's stream thread. */
  private interface FrameSink {
    void add(byte[] payload);

    default void end(Throwable error) {}
  }

  /**
   * The command under the wrapper: it reports its PID, runs the command as its child (behind
   * {@code head -c LENGTH} when there is input) and waits for it. A TERM, INT or HUP to the wrapper
   * (from Ferry, or from an engine that stops the exec) is passed on to its process group while
   * the wrapper ignores it, keeps waiting, reaps its children and exits with the command's status.
   * The wait is a {@code wait} builtin, not a foreground pipeline, because a shell runs a trap only
   * once a foreground command is over.
   */
  static List<String> wrapped(List<String> command, long stdinLength) {
    String start = stdinLength >= 0
        // An asynchronous list reads /dev/null unless told otherwise: fd 3 carries the real stdin.
        ? "exec 3<&0; head -c " + stdinLength + " <&3 | \"$@\" 3<&- & c=$!; exec 3<&-; "
        : "\"$@\" & c=$!; ";
    String script = "echo \"" + PID_MARKER + "$$\" >&2; "
        // dash wants "--" before a negative PID, busybox refuses it; a runtime that does not make the
        // exec a process group leader gets at least the command itself stopped.
        + "trap 'trap \"\" TERM INT HUP; kill -s TERM -- -$$ 2>/dev/null || kill -s TERM -$$ 2>/dev/null"
        + " || kill -s TERM $c' TERM INT HUP; "
        + start
        + "while :; do wait $c; s=$?; kill -0 $c 2>/dev/null || break; done; wait; exit $s";
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "ferry"));
    cmd.addAll(command);
    return cmd;
  }

  private Exec start(String container, List<String> command, long stdinLength, InputStream stdin, FrameSink stdout)
      throws IOException {
    String id;
    try {
      id = client.execCreateCmd(container).withCmd(wrapped(command, stdinLength).toArray(String[]::new))
          .withAttachStdin(stdin != null).withAttachStdout(true).withAttachStderr(true).exec().getId();
    } catch (RuntimeException e) {
      throw new IOException("cannot run '" + String.join(" ", command) + "' in container " + container + ": "
          + DockerEngine.rootMessage(e), e);
    }
    Exec exec = new Exec(container, command, id);
    ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        if (frame.getStreamType() == StreamType.STDOUT) {
          stdout.add(frame.getPayload());
        } else {
          exec.stderr.add(frame.getPayload());
        }
      }

      @Override
      public void onError(Throwable throwable) {
        Throwable news = exec.closing ? null : throwable;
        try {
          exec.streamError = news;
          stdout.end(news);
        } finally {
          exec.ended.countDown();
          super.onError(throwable);
        }
      }

      @Override
      public void onComplete() {
        try {
          stdout.end(null);
        } finally {
          exec.ended.countDown();
          super.onComplete();
        }
      }
    };
    ExecStartCmd cmd = client.execStartCmd(id);
    if (stdin != null) {
      cmd.withStdIn(stdin);
    }
    FutureTask<ResultCallback.Adapter<Frame>> task = new FutureTask<>(() -> cmd.exec(callback));
    Thread starter = new Thread(QUIET, task, "ferry-exec-start");
    starter.setDaemon(true);
    starter.start();
    try {
      exec.callback = task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while starting '" + String.join(" ", command) + "'");
    } catch (ExecutionException e) {
      throw new IOException("cannot run '" + String.join(" ", command) + "' in container " + container + ": "
          + DockerEngine.rootMessage(e.getCause()), e.getCause());
    }
    return exec;
  }

  /** One exec'd command: its ID, where it runs, its stderr, and how to stop it. */
  private final class Exec {
    final String container;
    final List<String> command;
    final String id;
    final Tail stderr = new Tail(TAIL, PID_MARKER);
    /**
     * Counted down when the output ends. Not the callback's awaitCompletion: with a timeout, that
     * closes the stream when the time is up, which would cut a running command off after one poll.
     */
    final CountDownLatch ended = new CountDownLatch(1);
    volatile Throwable streamError;
    volatile ResultCallback.Adapter<Frame> callback;
    /** Set when Ferry closes the stream on purpose: the error that follows is not news. */
    volatile boolean closing;
    private Long exitCode;

    Exec(String container, List<String> command, String id) {
      this.container = container;
      this.command = command;
      this.id = id;
    }

    String describe() {
      return "'" + String.join(" ", command) + "' in container " + container;
    }

    /**
     * Waits for the exec's output to end, stopping the command when {@code feed} fails or the
     * deadline passes, and then for its exit code.
     */
    void awaitEnd(Duration timeout, Feed feed) throws IOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        while (!ended.await(200, TimeUnit.MILLISECONDS)) {
          if (feed != null && feed.failure() != null) {
            stopIfRunning();
            closeQuietly();
            throw feedFailure(feed, "the command was stopped");
          }
          if (System.nanoTime() - deadline > 0) {
            stopIfRunning();
            closeQuietly();
            throw new IOException(describe() + " did not finish within " + timeout.toSeconds()
                + " s and was stopped");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopIfRunning();
        closeQuietly();
        throw new InterruptedIOException("interrupted while running " + describe() + "; the command was stopped");
      }
      Throwable broken = streamError;
      if (broken != null) {
        stopIfRunning();
        throw new IOException("the connection to " + describe() + " broke off: " + DockerEngine.rootMessage(broken),
            broken);
      }
      long code = awaitExitCode();
      if (feed != null && feed.failure() != null) {
        // The tool ended on its own just as its input failed (e.g. a short dump that psql rejected).
        throw feedFailure(feed, "the command exited with code " + code);
      }
    }

    private IOException feedFailure(Feed feed, String outcome) {
      return new IOException("reading the input of " + describe() + " failed after " + feed.sent() + " of "
          + feed.length + " bytes (" + feed.failure().getMessage() + "); " + outcome, feed.failure());
    }

    synchronized long awaitExitCode() throws IOException {
      if (exitCode != null) {
        return exitCode;
      }
      // The output can end a moment before the engine records the exit.
      long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
      while (true) {
        InspectExecResponse r = inspect();
        if (r != null && !Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
          exitCode = r.getExitCodeLong();
          return exitCode;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IOException("the engine reports no exit code for " + describe() + " although its output ended");
        }
        sleep(50);
      }
    }

    private InspectExecResponse inspect() throws IOException {
      try {
        return client.inspectExecCmd(id).exec();
      } catch (NotFoundException e) {
        return null;
      } catch (RuntimeException e) {
        throw new IOException("cannot ask the engine about " + describe() + ": " + DockerEngine.rootMessage(e), e);
      }
    }

    private boolean running() throws IOException {
      InspectExecResponse r = inspect();
      return r != null && Boolean.TRUE.equals(r.isRunning());
    }

    /**
     * TERM to the wrapper, twice if need be; it passes the signal on to its children, reaps them
     * and exits. Throws when the command still runs after that, naming where it runs.
     */
    void stopIfRunning() throws IOException {
      closing = true;
      if (!running()) {
        return;
      }
      Long pid = stderr.awaitPid(Duration.ofSeconds(10));
      if (pid == null) {
        throw new IOException(describe() + " could not be stopped: it did not report its process ID");
      }
      for (int attempt = 0; attempt < 2; attempt++) {
        signal(pid);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (System.nanoTime() - deadline < 0) {
          if (!running()) {
            return;
          }
          sleep(100);
        }
      }
      throw new IOException(describe() + " did not stop within " + 2 * STOP_GRACE.toSeconds() + " s after TERM;"
          + " stop it by hand: docker exec " + container + " sh -c 'kill -s TERM " + pid + "'");
    }

    private void signal(long pid) throws IOException {
      try {
        String kill = client.execCreateCmd(container).withCmd("sh", "-c", "kill -s TERM " + pid)
            .withAttachStdout(true).withAttachStderr(true).exec().getId();
        // Closes the stream after 30 s at the latest; kill itself never takes that long.
        client.execStartCmd(kill).exec(new ResultCallback.Adapter<>()).awaitCompletion(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while stopping " + describe());
      } catch (RuntimeException e) {
        throw new IOException("stopping " + describe() + " failed: " + DockerEngine.rootMessage(e), e);
      }
    }

    void closeQuietly() {
      closing = true;
      ResultCallback.Adapter<Frame> c = callback;
      if (c != null) {
        try {
          c.close();
        } catch (IOException | RuntimeException e) {
          // the connection is gone either way
        }
      }
    }
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /**
   * The tool's stdin: exactly {@code length} bytes of the source, and never an exception (docker-java
   * would print it from its stdin thread). A failing or short source ends the input early and is
   * recorded; the waiting thread sees it and stops the tool, which would otherwise wait for the
   * missing bytes forever.
   */
  static final class Feed extends BlockInputStream {
    private final InputStream source;
    final long length;
    private final ReentrantLock lock = new ReentrantLock();
    private long sent;
    private volatile IOException failure;
    private boolean shut;

    Feed(InputStream source, long length) {
      this.source = source;
      this.length = length;
    }

    IOException failure() {
      return failure;
    }

    long sent() {
      lock.lock();
      try {
        return sent;
      } finally {
        lock.unlock();
      }
    }

    /** No more reads from the source after this returns: the caller owns it again. */
    void shut() {
      lock.lock();
      try {
        shut = true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int read(byte[] b, int off, int len) {
      lock.lock();
      try {
        if (shut || failure != null || sent >= length) {
          return -1;
        }
        int n;
        try {
          n = source.read(b, off, (int) Math.min(len, length - sent));
        } catch (IOException e) {
          failure = e;
          return -1;
        } catch (RuntimeException e) {
          failure = new IOException(DockerEngine.rootMessage(e), e);
          return -1;
        }
        if (n < 0) {
          failure = new IOException("the data ended after " + sent + " of its " + length + " bytes");
          return -1;
        }
        sent += n;
        return n;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The last bytes of an output, and on stderr first the wrapper's process ID line, which is kept
   * out of the text.
   */
  static final class Tail {
    private final int max;
    private final String marker;
    private final byte[] bytes;
    private int size;
    private StringBuilder firstLine;
    private Long pid;
    private boolean markerDone;

    Tail(int max) {
      this(max, null);
    }

    Tail(int max, String marker) {
      this.max = max;
      this.marker = marker;
      this.bytes = new byte[2 * max];
      this.markerDone = marker == null;
      this.firstLine = marker == null ? null : new StringBuilder();
    }

    synchronized void add(byte[] payload) {
      int off = 0;
      if (!markerDone) {
        while (off < payload.length && !markerDone) {
          char c = (char) (payload[off++] & 0xff);
          if (c == '\n' || firstLine.length() > 64) {
            markerDone = true;
            String line = firstLine.toString();
            if (line.startsWith(marker)) {
              try {
                pid = Long.parseLong(line.substring(marker.length()).trim());
              } catch (NumberFormatException e) {
                byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
                append(b, 0, b.length);
              }
            } else {
              byte[] b = (line + c).getBytes(StandardCharsets.ISO_8859_1);
              append(b, 0, b.length);
            }
            notifyAll();
          } else {
            firstLine.append(c);
          }
        }
      }
      append(payload, off, payload.length - off);
    }

    private void append(byte[] b, int off, int len) {
      if (len >= max) {
        System.arraycopy(b, off + len - max, bytes, 0, max);
        size = max;
        return;
      }
      if (size + len > bytes.length) {
        int keep = max - len;
        System.arraycopy(bytes, size - keep, bytes, 0, keep);
        size = keep;
      }
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    synchronized String text() {
      int from = Math.max(0, size - max);
      return new String(bytes, from, size - from, StandardCharsets.UTF_8).strip();
    }

    synchronized Long awaitPid(Duration timeout) throws InterruptedIOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!markerDone) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        }
      }
      return pid;
    }
  }
}
