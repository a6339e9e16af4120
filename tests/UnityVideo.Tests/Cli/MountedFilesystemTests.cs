using System.Diagnostics;

namespace UnityVideo.Tests.Cli;

/// <summary>
/// A full disk, another filesystem mounted inside a dataset folder, and a mount point as the output: each is one
/// clear error and the user's data stays whole. The filesystems are small tmpfs mounts in a private mount namespace
/// (<c>unshare</c>, util-linux), so the test needs no privileges beyond unprivileged user namespaces and leaves
/// nothing mounted behind.
/// </summary>
public sealed class MountedFilesystemTests
{
    private const string Tiny = "--size 8 --frames 1 --supersample 1";

    [Fact]
    public void A_full_disk_is_one_error_naming_the_folder_and_the_old_dataset_stays_whole()
    {
        var r = InMountNamespace("""
            mkdir "$D/small" && mount -t tmpfs -o size=64k tmpfs "$D/small"
            uv data synth --out "$D/small/ds" --clips 2 $TINY >/dev/null 2>&1 || echo "first run failed"
            uv data synth --out "$D/small/ds" --clips 60 $TINY --force 2>"$D/err"; echo "rc=$?"
            grep '^error:' "$D/err"
            echo "entries: $(ls -A "$D/small" | tr '\n' ' ')"
            echo "clips: $(wc -l < "$D/small/ds/manifest.jsonl")"
            """);

        Assert.Contains("rc=1", r, StringComparison.Ordinal);
        Assert.Contains("error: ", r, StringComparison.Ordinal);
        Assert.Contains("/small/ds: cannot write the dataset: No space left on device", r, StringComparison.Ordinal);
        Assert.Contains("entries: ds \n", r, StringComparison.Ordinal); // no hidden half-written folder
        Assert.Contains("clips: 2\n", r, StringComparison.Ordinal);     // the old dataset, whole
        Assert.DoesNotContain("first run failed", r, StringComparison.Ordinal);
    }

    [Fact]
    public void Force_never_replaces_a_dataset_folder_that_holds_another_filesystem()
    {
        var r = InMountNamespace("""
            uv data synth --out "$D/ds" --clips 2 $TINY >/dev/null 2>&1 || echo "first run failed"
            mkdir "$D/ds/mine" && mount -t tmpfs tmpfs "$D/ds/mine" && echo precious > "$D/ds/mine/notes.txt"
            uv data synth --out "$D/ds" --clips 3 $TINY --force 2>"$D/err"; echo "rc=$?"
            grep '^error:' "$D/err"
            echo "notes: $(cat "$D/ds/mine/notes.txt")"
            echo "clips: $(wc -l < "$D/ds/manifest.jsonl")"
            echo "entries: $(ls -A "$D" | grep -v '^err$' | tr '\n' ' ')"
            """);

        Assert.Contains("rc=1", r, StringComparison.Ordinal);
        Assert.Contains("/ds holds the mount point ", r, StringComparison.Ordinal);
        Assert.Contains("/ds/mine; what another filesystem holds is not this project's to replace", r, StringComparison.Ordinal);
        Assert.Contains("notes: precious", r, StringComparison.Ordinal);
        Assert.Contains("clips: 2\n", r, StringComparison.Ordinal);
        Assert.Contains("entries: ds \n", r, StringComparison.Ordinal);
        Assert.DoesNotContain("first run failed", r, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mount_point_as_the_dataset_folder_is_refused_before_anything_is_rendered()
    {
        var r = InMountNamespace("""
            mkdir "$D/disk" && mount -t tmpfs tmpfs "$D/disk"
            uv data synth --out "$D/disk" --clips 2 $TINY 2>"$D/err" >"$D/out"; echo "rc=$?"
            grep '^error:' "$D/err"
            grep -c 'synthesising' "$D/err" || true
            echo "inside: $(ls -A "$D/disk" | tr '\n' ' ')"
            echo "entries: $(ls -A "$D" | grep -v '^err$' | grep -v '^out$' | tr '\n' ' ')"
            uv data synth --out "$D/disk/data" --clips 2 $TINY >/dev/null 2>&1; echo "inside it rc=$?"
            """);

        Assert.Contains("rc=1", r, StringComparison.Ordinal);
        Assert.Contains("/disk is a mount point", r, StringComparison.Ordinal);
        Assert.Contains("/disk/data)", r, StringComparison.Ordinal); // the advice names a folder that works
        Assert.Contains("\n0\n", r, StringComparison.Ordinal);        // no clip was rendered
        Assert.Contains("inside: \n", r, StringComparison.Ordinal);
        Assert.Contains("entries: disk \n", r, StringComparison.Ordinal);
        Assert.Contains("inside it rc=0", r, StringComparison.Ordinal);
    }

    /// <summary>Runs a bash script in a private mount namespace with <c>$D</c> a fresh folder and <c>uv</c> the CLI; returns its stdout.</summary>
    private static string InMountNamespace(string script)
    {
        using var dir = new TempDir();
        var file = dir.File("script.sh");
        var work = Directory.CreateDirectory(dir.File("work")).FullName;
        File.WriteAllText(file, $$"""
            set -u
            D='{{work}}'
            TINY='{{Tiny}}'
            uv() { NO_COLOR=1 dotnet '{{RepoPaths.Cli}}' "$@"; }
            {{script}}
            """);
        // As root a plain mount namespace will do; otherwise an unprivileged user namespace maps us to root in it.
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in Environment.UserName == "root" ? new[] { "--mount" } : ["--user", "--map-root-user", "--mount"]) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--propagation");
        psi.ArgumentList.Add("private");
        psi.ArgumentList.Add("bash");
        psi.ArgumentList.Add(file);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("UNITYVIDEO__", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(key);

        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("This test needs unshare (Debian package util-linux).", e);
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("the mount-namespace script did not finish in 2 minutes");
            }
            Assert.True(p.ExitCode == 0 && !stderr.Result.Contains("unshare:", StringComparison.Ordinal),
                $"unshare could not make a mount namespace (this test needs unprivileged user namespaces, or root): {stderr.Result}");
            return stdout.Result;
        }
    }
}
