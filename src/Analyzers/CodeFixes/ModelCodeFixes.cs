using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConservationCodegen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ConservationCodegen.CodeFixes;

/// <summary>Shared shape of the fixes: find the node at the diagnostic, rewrite it, batch Fix All.</summary>
public abstract class SyntaxCodeFix : CodeFixProvider
{
    protected abstract string Title { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan);
            var replacement = Rewrite(root, node, diagnostic);
            if (replacement is null) continue;
            context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(replacement)), GetType().Name), diagnostic);
        }
    }

    /// <summary>The new root, or null when this diagnostic cannot be fixed mechanically.</summary>
    protected abstract SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic);

    protected static AttributeArgumentSyntax NamedArgument(string name, ExpressionSyntax value) =>
        SyntaxFactory.AttributeArgument(SyntaxFactory.NameEquals(name), null, value);

    protected static LiteralExpressionSyntax Number(int value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));
}

/// <summary>CCG0001: add <c>partial</c> to the model class.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialFix)), Shared]
public sealed class MakePartialFix : SyntaxCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartialId);

    protected override string Title => "Make the model partial";

    protected override SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        var type = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is null || type.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;
        return root.ReplaceNode(type, type.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword)));
    }
}

/// <summary>CCG0002: set the layer's inputs to the previous layer's outputs.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MatchPreviousOutputsFix)), Shared]
public sealed class MatchPreviousOutputsFix : SyntaxCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.WidthMismatchId);

    protected override string Title => "Take the previous layer's outputs as inputs";

    protected override SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(FixProperties.PreviousOutputs, out var text) || !int.TryParse(text, out int outputs)) return null;
        var attribute = node.FirstAncestorOrSelf<AttributeSyntax>();
        var first = attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
        if (first is null) return null;
        return root.ReplaceNode(first.Expression, Number(outputs).WithTriviaFrom(first.Expression));
    }
}

/// <summary>CCG0004: add the missing bias member, with the layer's length, after the weights.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddBiasMemberFix)), Shared]
public sealed class AddBiasMemberFix : SyntaxCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BadBiasId);

    protected override string Title => "Add the bias member";

    protected override SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        var p = diagnostic.Properties;
        if (!p.TryGetValue(FixProperties.BiasName, out var name) || !p.TryGetValue(FixProperties.BiasLength, out var length)
            || !p.TryGetValue(FixProperties.Element, out var element) || name is null) return null;
        var member = node.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is FieldDeclarationSyntax or PropertyDeclarationSyntax);
        if (member is null) return null;
        // A MathNet layer gets a MathNet vector, written fully qualified and simplified against the file's usings.
        const string vector = "global::MathNet.Numerics.LinearAlgebra.Vector";
        string declaration = p.TryGetValue(FixProperties.BiasStorage, out var storage) && storage == FixProperties.MathNetVector
            ? $"public {vector}<{element}> {name} = {vector}<{element}>.Build.Dense({length});\n"
            : $"public {element}[] {name} = new {element}[{length}];\n";
        var field = SyntaxFactory.ParseMemberDeclaration(declaration)!.WithAdditionalAnnotations(Simplifier.Annotation);
        return root.InsertNodesAfter(member, new[] { field.WithLeadingTrivia(member.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia))) });
    }
}

/// <summary>
/// CCG0005: create the storage with the shape the attribute implies — the sizes of <c>new T[a, b]</c>, <c>new T[n]</c>
/// and <c>new T[n][]</c>, or the leading size arguments of <c>Matrix&lt;T&gt;.Build.Dense(r, c)</c> and
/// <c>new DenseMatrix(r, c)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixInitializerShapeFix)), Shared]
public sealed class FixInitializerShapeFix : SyntaxCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.InitializerShapeId);

    protected override string Title => "Create the array as [outputs, inputs]";

    protected override SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(FixProperties.ExpectedLengths, out var text) || text is null) return null;
        var sizes = text.Split(',').Select(s => (ExpressionSyntax)Number(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        // Only the expression the diagnostic is on: a jagged row sits inside the creation of the whole array.
        var span = diagnostic.Location.SourceSpan;
        var target = node.AncestorsAndSelf().FirstOrDefault(n => n.Span == span);
        switch (target)
        {
            case ArrayCreationExpressionSyntax creation when creation.Type.RankSpecifiers.Count >= 1:
                var rank = creation.Type.RankSpecifiers[0];
                return root.ReplaceNode(rank, rank.WithSizes(SyntaxFactory.SeparatedList(sizes)));
            case InvocationExpressionSyntax { ArgumentList: var list } when list.Arguments.Count >= sizes.Count:
                return ReplaceLeadingArguments(root, list, sizes);
            case BaseObjectCreationExpressionSyntax { ArgumentList: { } list } when list.Arguments.Count >= sizes.Count:
                return ReplaceLeadingArguments(root, list, sizes);
            default:
                return null;
        }
    }

    private static SyntaxNode ReplaceLeadingArguments(SyntaxNode root, ArgumentListSyntax list, System.Collections.Generic.List<ExpressionSyntax> sizes)
    {
        var arguments = list.Arguments.Take(sizes.Count).ToList();
        return root.ReplaceNodes(arguments.Select(a => a.Expression), (original, _) => sizes[arguments.FindIndex(a => a.Expression == original)].WithTriviaFrom(original));
    }
}

/// <summary>CCG0100: raise MaxDegree to 4 so the generator searches higher-degree laws.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RaiseMaxDegreeFix)), Shared]
public sealed class RaiseMaxDegreeFix : SyntaxCodeFix
{
    public const string UncoveredLawsId = "CCG0100";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(UncoveredLawsId);

    protected override string Title => "Raise MaxDegree to 4";

    protected override SyntaxNode? Rewrite(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        var attribute = node.FirstAncestorOrSelf<AttributeSyntax>();
        if (attribute is null) return null;
        var existing = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "MaxDegree");
        if (existing is not null) return root.ReplaceNode(existing.Expression, Number(4));
        var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        return root.ReplaceNode(attribute, attribute.WithArgumentList(list.AddArguments(NamedArgument("MaxDegree", Number(4)))));
    }
}
