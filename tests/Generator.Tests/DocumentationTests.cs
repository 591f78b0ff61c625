using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// Every reference a user can follow resolves inside the repository: markdown links (and their heading anchors),
/// <c>docs/….md</c> mentions in code, comments and generated text, and a page for every diagnostic ID.
/// </summary>
public class DocumentationTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConservationCodegen.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    // Source, docs and project files of the repository (no build output, no benchmark artifacts).
    private static IEnumerable<string> RepositoryFiles(params string[] extensions) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f =>
            {
                var parts = Path.GetRelativePath(Root, f).Split(Path.DirectorySeparatorChar);
                return !parts.Any(p => p is "bin" or "obj" or ".git" or "TestResults" or "BenchmarkDotNet.Artifacts" || p.StartsWith(".", StringComparison.Ordinal));
            });

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    // GitHub's heading anchors: lower case, punctuation dropped (except '-' and '_'), spaces to '-'.
    internal static string Slug(string heading) =>
        Regex.Replace(new string(heading.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()), " ", "-");

    private static HashSet<string> Anchors(string markdownFile) =>
        File.ReadLines(markdownFile).Where(l => l.StartsWith("#", StringComparison.Ordinal))
            .Select(l => Slug(l.TrimStart('#'))).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Markdown_links_and_anchors_resolve()
    {
        var broken = new List<string>();
        foreach (var file in RepositoryFiles(".md"))
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"\]\(([^)\s]+)\)"))
            {
                string target = m.Groups[1].Value;
                if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase)) continue; // https:, mailto:
                string[] parts = target.Split('#', 2);
                string path = parts[0].Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, parts[0]));
                if (!File.Exists(path) && !Directory.Exists(path)) broken.Add($"{Relative(file)}: {target} (no such file)");
                else if (parts.Length == 2 && path.EndsWith(".md", StringComparison.Ordinal) && !Anchors(path).Contains(parts[1]))
                    broken.Add($"{Relative(file)}: {target} (no such heading)");
            }
        }

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Every_docs_path_named_in_code_and_docs_exists()
    {
        var missing = new List<string>();
        foreach (var file in RepositoryFiles(".cs", ".md", ".csproj", ".props", ".targets", ".sh"))
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"docs/[A-Za-z0-9_./-]*?\.md"))
                if (!m.Value.Contains("CCGxxxx", StringComparison.Ordinal) && !File.Exists(Path.Combine(Root, m.Value)))
                    missing.Add($"{Relative(file)}: {m.Value}");

        Assert.True(missing.Count == 0, "Missing documents:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Nothing_cites_documents_outside_the_repository()
    {
        // The design notes the project was built from are not shipped; what users need is in docs/.
        var outside = new Regex(@"\b(math|performance|house-style|product)\.md|house-style §", RegexOptions.IgnoreCase);
        var hits = RepositoryFiles(".cs", ".md", ".csproj", ".props", ".targets", ".sh")
            .Where(f => Path.GetFileName(f) != nameof(DocumentationTests) + ".cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => outside.IsMatch(x.line))
            .Select(x => $"{Relative(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(hits.Count == 0, "References to documents that are not in the repository:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void No_page_has_a_section_still_to_be_written()
    {
        // A heading followed by "This section will describe …" promises content the reader does not get.
        var placeholder = new Regex(@"\bThis (section|page) will (describe|explain|cover)\b|\bTODO\b|\bTBD\b");
        var hits = RepositoryFiles(".md")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => placeholder.IsMatch(x.line))
            .Select(x => $"{Relative(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(hits.Count == 0, "Sections still to be written:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void Every_diagnostic_has_a_page_and_a_row_in_the_index()
    {
        var ids = RepositoryFiles(".md").Where(f => Path.GetFileName(f).StartsWith("AnalyzerReleases", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"^(CCG\d{4})\b", RegexOptions.Multiline).Select(m => m.Groups[1].Value))
            .Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        string index = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));

        Assert.NotEmpty(ids);
        Assert.All(ids, id =>
        {
            Assert.True(File.Exists(Path.Combine(Root, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
            Assert.Contains($"(diagnostics/{id}.md)", index, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("3. Theorem: path incidence (homogeneous segments)", "3-theorem-path-incidence-homogeneous-segments")]
    [InlineData("Generated laws and drift", "generated-laws-and-drift")]
    public void Slug_follows_the_heading_anchor_rule(string heading, string slug) => Assert.Equal(slug, Slug(heading));
}
