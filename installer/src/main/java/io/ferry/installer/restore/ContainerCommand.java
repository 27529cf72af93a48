package io.ferry.installer.restore;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.ferry.installer.docker.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stack tool (pg_dump, psql, ...) inside a running container with docker-java's exec,
 * streaming stdin and stdout. docker-java cannot half-close a hijacked stdin, so a tool reading
 * stdin would wait forever for its end: the command runs behind {@code head -c LENGTH}, which ends
 * the tool's input after exactly the bytes sent (the length is always known: it is in the signed
 * manifest or the snapshot). Needs {@code sh} and {@code head} in the image.
 */
public final class ContainerCommand {
  /** Exit code and the last few KiB of stderr (and stdout when not captured). */
  public record Result(long exitCode, String tail) {}

  private static final int TAIL = 4096;
  private final DockerClient client;

  public ContainerCommand(DockerClient client) {
    this.client = client;
  }

  public Result run(String container, List<String> command, InputStream stdin, long stdinLength, OutputStream stdout,
      long timeoutSeconds) throws RestoreException {
    List<String> cmd = new ArrayList<>();
    if (stdin != null) {
      cmd.addAll(List.of("sh", "-c", "head -c " + stdinLength + " | \"$@\"", "ferry"));
    }
    cmd.addAll(command);
    StringBuilder tail = new StringBuilder();
    IOException[] writeFailure = {null};
    try {
      ExecCreateCmdResponse exec = client.execCreateCmd(container).withCmd(cmd.toArray(String[]::new))
          .withAttachStdin(stdin != null).withAttachStdout(true).withAttachStderr(true).exec();
      var start = client.execStartCmd(exec.getId());
      if (stdin != null) {
        start.withStdIn(stdin);
      }
      ResultCallback.Adapter<Frame> callback = start.exec(new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
          if (frame.getStreamType() == StreamType.STDOUT && stdout != null) {
            try {
              stdout.write(frame.getPayload());
            } catch (IOException e) {
              writeFailure[0] = e;
            }
          } else {
            synchronized (tail) {
              tail.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
              if (tail.length() > TAIL) {
                tail.delete(0, tail.length() - TAIL);
              }
            }
          }
        }
      });
      if (!callback.awaitCompletion(timeoutSeconds, TimeUnit.SECONDS)) {
        callback.close();
        throw new RestoreException("'" + String.join(" ", command) + "' in " + container + " did not finish within "
            + timeoutSeconds + " s");
      }
      if (writeFailure[0] != null) {
        throw new RestoreException("writing the output of '" + String.join(" ", command) + "' failed: "
            + writeFailure[0].getMessage(), writeFailure[0]);
      }
      Long code = client.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
      synchronized (tail) {
        return new Result(code == null ? -1 : code, tail.toString().strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestoreException("interrupted while running '" + String.join(" ", command) + "'", e);
    } catch (IOException | RuntimeException e) {
      throw new RestoreException("running '" + String.join(" ", command) + "' in " + container + " failed: "
          + DockerEngine.rootMessage(e), e);
    }
  }
}
