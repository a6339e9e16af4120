using System.Reflection;

namespace UnityVideo.Web;

/// <summary>The page (plain HTML and a little JavaScript), embedded in the assembly so the server needs no files beside it.</summary>
internal static class Page
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("UnityVideo.Web.index.html")
            ?? throw new InvalidOperationException("The page resource UnityVideo.Web.index.html is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
