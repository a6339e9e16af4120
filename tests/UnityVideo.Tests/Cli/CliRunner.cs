using System.Diagnostics;

namespace UnityVideo.Tests.Cli;

/// <summary>Runs the real `unityvideo` CLI as a child process, as a user would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result RunIn(string workingDirectory, params string[] args) => RunIn(workingDirectory, null, args);

    /// <summary>Runs with extra environment variables (e.g. LD_DEBUG to watch native loads).</summary>
    public static Result RunWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args) => RunIn(RepoPaths.Root, environment, args);

    private static Result RunIn(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(RepoPaths.Cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("UNITYVIDEO__", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(key);
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(HangGuard))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"unityvideo {string.Join(' ', args)} did not finish in {HangGuard.TotalMinutes} minutes");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(params string[] args) => RunIn(RepoPaths.Root, args);

    // Catches a hung command, not a slow one: on a 2-core machine under heavy load (load average 5–7) the demo test's
    // command took 2.5 minutes and finished correctly, and a 2-minute guard failed it.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);
}
