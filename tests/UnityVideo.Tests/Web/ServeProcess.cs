using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UnityVideo.Tests.Web;

/// <summary>`unityvideo serve` running as a child process on a free loopback port, stopped on dispose.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public ServeProcess(string checkpoint, string work, params string[] more)
    {
        Port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[] { RepoPaths.Cli, "serve", "--checkpoint", checkpoint, "--port", Port.ToString(), "--work", work, "--set", "Runtime:Threads=1" }.Concat(more))
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        process = Process.Start(psi)!;
        var listening = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); if (e.Data?.StartsWith("listening on", StringComparison.Ordinal) == true) listening.TrySetResult(); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(1))).GetAwaiter().GetResult();
        if (started != listening.Task) throw new InvalidOperationException($"serve did not start: {Output}");
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>A port nothing listens on now (the OS picks it).</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
