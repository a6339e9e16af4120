using System.Diagnostics;

namespace UnityVideo.Tests.Host;

public sealed class HostingSampleTests
{
    [Fact]
    public void A_plain_console_app_hosts_the_framework_through_dependency_injection()
    {
        var r = RunSample("75");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("modalities: depth,flow", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("training steps: 75", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("tensor sum: 4", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hosting_app_gets_configuration_errors_at_start_up()
    {
        var r = RunSample("-5");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Training:Steps: must be greater than 0", r.Stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stdout, string Stderr) RunSample(string steps)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(RepoPaths.HostingSample);
        psi.ArgumentList.Add(steps);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
