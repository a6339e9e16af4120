using System.Diagnostics;

namespace UnityVideo.Tests.Cli;

/// <summary>
/// The repository's <c>./unityvideo</c> script works when called through a symbolic link (e.g. from ~/bin), a link to
/// a link, or a relative link. The script is run from a copy of the repository's layout whose Release folder is the
/// CLI these tests built and whose build stamp is current, so nothing is built here.
/// </summary>
public sealed class WrapperScriptTests
{
    [Fact]
    public async Task The_wrapper_runs_the_cli_through_a_link_a_link_to_a_link_and_a_relative_link()
    {
        using var dir = new TempDir();
        var root = Directory.CreateDirectory(dir.File("checkout")).FullName;
        File.Copy(Path.Combine(RepoPaths.Root, "unityvideo"), Path.Combine(root, "unityvideo")); // keeps its execute bit
        // The folders and files the script's staleness check looks at, all older than the stamp.
        foreach (var folder in new[] { "src", "plugins", "samples" }) Directory.CreateDirectory(Path.Combine(root, folder));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" }) File.WriteAllText(Path.Combine(root, file), "");
        var release = Path.Combine(root, "src", "UnityVideo.Cli", "bin", "Release");
        Directory.CreateDirectory(release);
        Directory.CreateSymbolicLink(Path.Combine(release, "net10.0"), Path.GetDirectoryName(RepoPaths.Cli)!);
        Directory.CreateDirectory(Path.Combine(root, "artifacts"));
        var stamp = Path.Combine(root, "artifacts", ".cli-build-stamp");
        File.WriteAllText(stamp, "");
        File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow.AddMinutes(1));

        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "uv"), Path.Combine(root, "unityvideo"));
        File.CreateSymbolicLink(Path.Combine(bin, "uv2"), Path.Combine(bin, "uv"));
        File.CreateSymbolicLink(Path.Combine(bin, "uv3"), Path.Combine("..", "checkout", "unityvideo"));

        foreach (var link in new[] { "uv", "uv2", "uv3" })
        {
            var psi = new ProcessStartInfo(Path.Combine(bin, link)) { WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("--version");
            using var p = Process.Start(psi)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = p.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = p.StandardError.ReadToEndAsync(timeout.Token);
            await p.WaitForExitAsync(timeout.Token);
            Assert.True(p.ExitCode == 0, $"{link}: exit {p.ExitCode}: {await stderr}");
            Assert.StartsWith("1.", (await stdout).Trim(), StringComparison.Ordinal);
            Assert.DoesNotContain("building", await stderr, StringComparison.Ordinal);
        }
    }
}
