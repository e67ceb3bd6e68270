package io.ecsreconciler.testing.faults;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough HTTP/1.1 over a raw socket for {@link FaultProxy}: one request read at a time from a kept-alive
 * connection (Content-Length or chunked bodies, {@code Expect: 100-continue} answered), one response written with
 * a Content-Length. A raw socket rather than {@code com.sun.net.httpserver}: a reset needs the socket itself.
 */
final class RawHttp {

  private static final int MAX_HEAD = 64 * 1024;

  private RawHttp() {
  }

  /** One request as it came; header names keep their case, lookups ignore it. */
  record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

    Optional<String> header(String name) {
      return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    String path() {
      var q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    String query() {
      var q = target.indexOf('?');
      return q < 0 ? "" : target.substring(q + 1);
    }

    boolean keepAlive() {
      return !header("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
    }
  }

  record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

  /** The next request on the connection, or empty when the client closed it between requests. */
  static Optional<Request> read(InputStream in, OutputStream out) throws IOException {
    var head = readHead(in);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    var lines = head.get().split("\r\n");
    var requestLine = lines[0].split(" ", 3);
    if (requestLine.length < 3) {
      throw new IOException("not an HTTP request line: " + lines[0]);
    }
    var headers = new ArrayList<Map.Entry<String, String>>();
    for (int i = 1; i < lines.length; i++) {
      var colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.add(Map.entry(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()));
      }
    }
    var request = new Request(requestLine[0], requestLine[1], List.copyOf(headers), new byte[0]);
    if (request.header("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false)) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    var chunked = request.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
        .orElse(false);
    var body = chunked ? readChunked(in)
        : in.readNBytes(request.header("Content-Length").map(Integer::parseInt).orElse(0));
    return Optional.of(new Request(request.method(), request.target(), request.headers(), body));
  }

  static void write(OutputStream out, Response response, boolean keepAlive) throws IOException {
    var head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status()))
        .append("\r\n");
    for (var header : response.headers()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    head.append("Content-Length: ").append(response.body().length).append("\r\n");
    head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(response.body());
    out.flush();
  }

  /** Up to the blank line; empty when the stream ends before a byte of it. */
  private static Optional<String> readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return Optional.empty();
        }
        throw new EOFException("connection closed inside a request head");
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head over " + MAX_HEAD + " bytes");
      }
    }
    var text = head.toString(StandardCharsets.ISO_8859_1);
    return Optional.of(text.substring(0, text.length() - 4));
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    var body = new ByteArrayOutputStream();
    while (true) {
      var size = Integer.parseInt(readLine(in).split(";", 2)[0].strip(), 16);
      if (size == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers: none the proxy needs
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b < 0) {
      throw new EOFException("connection closed inside a chunked body");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
