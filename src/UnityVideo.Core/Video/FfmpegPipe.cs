using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace UnityVideo.Core.Video;

/// <summary>
/// Runs the system's <c>ffmpeg</c> with raw frames on its standard input. The program is <c>ffmpeg</c> on the
/// <c>PATH</c>, or the file named by the environment variable <c>UNITYVIDEO_FFMPEG</c>. Its standard error is kept
/// (the last lines) so a failure can say why.
/// </summary>
internal sealed class FfmpegPipe : IDisposable
{
    /// <summary>Environment variable naming the ffmpeg executable (default: <c>ffmpeg</c> on the PATH).</summary>
    public const string ExecutableVariable = "UNITYVIDEO_FFMPEG";

    /// <summary>What to tell a user whose machine has no usable ffmpeg.</summary>
    public const string InstallAdvice = "install Debian's ffmpeg (sudo apt-get install ffmpeg), or write GIF only (--format gif)";

    private static readonly Lock ProbeLock = new();
    private static (string Executable, string? Problem)? probed;

    private readonly Process process;
    private readonly Stream input;
    private readonly StringBuilder errors = new();
    private readonly Task drain;

    private FfmpegPipe(Process process)
    {
        this.process = process;
        input = process.StandardInput.BaseStream;
        drain = Task.Run(() =>
        {
            while (process.StandardError.ReadLine() is { } line)
                lock (errors)
                {
                    errors.AppendLine(line);
                    if (errors.Length > 8192) errors.Remove(0, errors.Length - 4096); // keep the tail: the reason is at the end
                }
        });
    }

    /// <summary>The ffmpeg executable this process uses.</summary>
    public static string Executable => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } p ? p : "ffmpeg";

    /// <summary>
    /// Checks once per executable that ffmpeg runs and has the libx264 encoder, so a verb can refuse before any work
    /// rather than after it.
    /// </summary>
    /// <exception cref="VideoEncoderException">ffmpeg is missing or has no H.264 encoder; the message says what to install.</exception>
    public static void RequireH264()
    {
        var exe = Executable;
        string? problem;
        lock (ProbeLock)
        {
            if (probed is not { } p || p.Executable != exe) probed = (exe, Probe(exe));
            problem = probed.Value.Problem;
        }
        if (problem is not null) throw new VideoEncoderException($"H.264 MP4 output needs ffmpeg with libx264: {problem}; {InstallAdvice}.");
    }

    private static string? Probe(string exe)
    {
        try
        {
            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-hide_banner", "-encoders" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(30))) { p.Kill(true); return $"'{exe} -encoders' did not answer in 30 s"; }
            return stdout.Result.Contains("libx264", StringComparison.Ordinal) ? null : $"'{exe}' has no libx264 encoder";
        }
        catch (Win32Exception)
        {
            return $"'{exe}' was not found";
        }
    }

    /// <summary>Starts ffmpeg with <paramref name="arguments"/> (which read raw video from <c>pipe:0</c>).</summary>
    /// <exception cref="VideoEncoderException">ffmpeg cannot be started.</exception>
    public static FfmpegPipe Start(IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" }.Concat(arguments)) psi.ArgumentList.Add(a);
        try
        {
            var process = Process.Start(psi)!;
            process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            return new FfmpegPipe(process);
        }
        catch (Win32Exception e)
        {
            throw new VideoEncoderException($"H.264 MP4 output needs ffmpeg: '{Executable}' was not found; {InstallAdvice}.", e);
        }
    }

    /// <summary>Sends raw bytes to ffmpeg.</summary>
    /// <exception cref="VideoEncoderException">ffmpeg stopped reading (it failed; the message has its reason).</exception>
    public void Write(ReadOnlySpan<byte> bytes, string target)
    {
        try
        {
            input.Write(bytes);
        }
        catch (IOException e)
        {
            process.WaitForExit(5000);
            throw new VideoEncoderException($"Cannot write {target}: ffmpeg stopped ({Reason()}).", e);
        }
    }

    /// <summary>Closes the input and waits for ffmpeg to finish.</summary>
    /// <exception cref="VideoEncoderException">ffmpeg exited with an error.</exception>
    public void Complete(string target)
    {
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // A broken pipe here means ffmpeg already failed; its exit code says so below.
        }
        process.WaitForExit();
        drain.Wait();
        if (process.ExitCode != 0) throw new VideoEncoderException($"Cannot write {target}: ffmpeg exited with code {process.ExitCode} ({Reason()}).");
    }

    private string Reason()
    {
        lock (errors)
        {
            var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "no message" : string.Join(" ", lines.TakeLast(2));
        }
    }

    /// <summary>Stops ffmpeg if it still runs (an unfinished file is abandoned).</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }
}
