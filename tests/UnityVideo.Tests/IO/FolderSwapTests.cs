using UnityVideo.Core.IO;

namespace UnityVideo.Tests.IO;

public sealed class FolderSwapTests
{
    private static string Folder(string parent, string name, params string[] files)
    {
        var dir = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        foreach (var f in files) File.WriteAllText(Path.Combine(dir, f), f);
        return dir;
    }

    [Fact]
    public void Commit_replaces_the_old_folder_and_leaves_no_hidden_sibling()
    {
        using var dir = new TempDir();
        var target = Folder(dir.Path, "data", "old.txt");
        var staging = FolderSwap.BeginStaging(target);
        File.WriteAllText(Path.Combine(staging, "new.txt"), "new");

        FolderSwap.Commit(staging, target);

        Assert.Equal(["new.txt"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal([target], Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void Staging_cleans_leftovers_of_dead_runs_but_not_of_live_ones()
    {
        using var dir = new TempDir();
        var target = Folder(dir.Path, "data", "old.txt");
        var dead = Folder(dir.Path, ".data.partial-999999999-abc", "half.txt");   // no such process
        var old = Folder(dir.Path, ".data.partial-0123abc", "half.txt");           // an earlier version's name, no PID
        var live = Folder(dir.Path, $".data.partial-{Environment.ProcessId}-abc", "half.txt");
        var otherName = Folder(dir.Path, ".database.partial-999999999-abc", "x.txt");

        var staging = FolderSwap.BeginStaging(target);

        Assert.False(Directory.Exists(dead));
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(otherName)); // another target's sibling is not this target's to clean
        Assert.True(File.Exists(Path.Combine(target, "old.txt")));
        FolderSwap.Discard(staging);
        Assert.False(Directory.Exists(staging));
    }

    [Fact]
    public void An_old_folder_left_aside_by_a_killed_swap_is_put_back()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "data");
        Folder(dir.Path, ".data.aside-999999999-abc", "manifest.jsonl");

        var staging = FolderSwap.BeginStaging(target);
        FolderSwap.Discard(staging);

        Assert.True(File.Exists(Path.Combine(target, "manifest.jsonl")));
        Assert.Equal([target], Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void DeleteTree_refuses_the_current_directory_and_its_parents()
    {
        var cwd = Environment.CurrentDirectory;
        Assert.Throws<IOException>(() => FolderSwap.DeleteTree(cwd));
        Assert.Throws<IOException>(() => FolderSwap.DeleteTree(Path.GetDirectoryName(cwd)!));
        Assert.Throws<IOException>(() => FolderSwap.DeleteTree("/"));
        Assert.True(Directory.Exists(cwd));
    }

    [Fact]
    public void DeleteTree_removes_a_link_inside_without_following_it()
    {
        using var dir = new TempDir();
        var precious = Folder(dir.Path, "precious", "keep.txt");
        var doomed = Folder(dir.Path, "doomed", "x.txt");
        Directory.CreateSymbolicLink(Path.Combine(doomed, "link"), precious);

        FolderSwap.DeleteTree(doomed);

        Assert.False(Directory.Exists(doomed));
        Assert.True(File.Exists(Path.Combine(precious, "keep.txt")));
    }
}
