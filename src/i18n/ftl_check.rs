//! Checks of `.ftl` resources made while the bundles are built, so that a
//! mistake in the UI strings is reported at its `.ftl` line rather than at
//! whichever template first uses the message: messages that refer to
//! themselves, and `.slug` attributes that are not slugs. Also finds where a
//! message uses a variable, and which variables each message uses, for
//! errors only formatting can meet.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use fluent::FluentResource;
use fluent_syntax::ast;

use crate::i18n::Slug;

/// One node of the reference graph of a bundle: the value of a message or
/// term (`id`, `-id`) or one of its attributes (`id.attr`).
#[derive(Debug, Clone)]
pub struct Node {
    /// `id`, `-id` or `id.attr`.
    pub name: String,
    /// The nodes its pattern refers to.
    pub refs: BTreeSet<String>,
}

/// A message or term of a resource, as nodes of the reference graph.
#[derive(Debug, Clone)]
pub struct Refs {
    /// Its id (`-id` for a term).
    pub id: String,
    /// Its value and attributes.
    pub nodes: Vec<Node>,
}

/// A `.slug` attribute that is not a slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSlug {
    /// The message or term it belongs to.
    pub id: String,
    /// 1-based line and column of its value.
    pub at: (usize, usize),
    /// Why it is not a slug.
    pub problem: String,
}

/// A message or term of a resource: its id (`-id` for a term), its value
/// and its attributes.
type Message<'r> = (String, Option<&'r ast::Pattern<&'r str>>, &'r [ast::Attribute<&'r str>]);

/// Every message and term of `resource`, in file order.
fn messages(resource: &FluentResource) -> impl Iterator<Item = Message<'_>> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(m) => Some((m.id.name.to_string(), m.value.as_ref(), &m.attributes[..])),
        ast::Entry::Term(t) => Some((format!("-{}", t.id.name), Some(&t.value), &t.attributes[..])),
        _ => None,
    })
}

/// The references of every message and term in `resource`, in file order.
pub fn references(resource: &FluentResource) -> Vec<Refs> {
    messages(resource)
        .map(|(id, value, attributes)| {
            let mut nodes = Vec::new();
            if let Some(value) = value {
                nodes.push(Node {
                    name: id.clone(),
                    refs: pattern_refs(value),
                });
            }
            for attribute in attributes {
                nodes.push(Node {
                    name: format!("{id}.{}", attribute.id.name),
                    refs: pattern_refs(&attribute.value),
                });
            }
            Refs { id, nodes }
        })
        .collect()
}

/// Calls `visit` on every inline expression of a pattern, however deep:
/// inside placeables, select expressions, and the arguments of functions
/// and terms. The one walk of Fluent syntax trees duet does.
pub fn visit_inline<'p>(p: &'p ast::Pattern<&'p str>, visit: &mut dyn FnMut(&'p ast::InlineExpression<&'p str>)) {
    fn expr<'p>(e: &'p ast::Expression<&'p str>, visit: &mut dyn FnMut(&'p ast::InlineExpression<&'p str>)) {
        match e {
            ast::Expression::Inline(i) => inline(i, visit),
            ast::Expression::Select { selector, variants } => {
                inline(selector, visit);
                for v in variants {
                    visit_inline(&v.value, visit);
                }
            }
        }
    }
    fn inline<'p>(i: &'p ast::InlineExpression<&'p str>, visit: &mut dyn FnMut(&'p ast::InlineExpression<&'p str>)) {
        visit(i);
        let arguments = match i {
            ast::InlineExpression::Placeable { expression } => return expr(expression, visit),
            ast::InlineExpression::FunctionReference { arguments, .. } => Some(arguments),
            ast::InlineExpression::TermReference { arguments, .. } => arguments.as_ref(),
            _ => None,
        };
        for a in arguments
            .into_iter()
            .flat_map(|a| a.positional.iter().chain(a.named.iter().map(|n| &n.value)))
        {
            inline(a, visit);
        }
    }
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expr(expression, visit);
        }
    }
}

/// The nodes a pattern refers to (see [`references`]).
fn pattern_refs(p: &ast::Pattern<&str>) -> BTreeSet<String> {
    let node = |prefix: &str, id: &ast::Identifier<&str>, attribute: &Option<ast::Identifier<&str>>| match attribute {
        Some(a) => format!("{prefix}{}.{}", id.name, a.name),
        None => format!("{prefix}{}", id.name),
    };
    let mut out = BTreeSet::new();
    visit_inline(p, &mut |i| match i {
        ast::InlineExpression::MessageReference { id, attribute } => {
            out.insert(node("", id, attribute));
        }
        ast::InlineExpression::TermReference { id, attribute, .. } => {
            out.insert(node("-", id, attribute));
        }
        _ => {}
    });
    out
}

/// Every cycle of `graph` (node → the nodes it refers to), once each, as
/// the path from its first node back to that node. Nodes are visited in
/// `order`. The walk keeps its own stack: a long chain of references in a
/// hostile file cannot overflow the thread's.
pub fn cycles(graph: &BTreeMap<String, BTreeSet<String>>, order: &[String]) -> Vec<Vec<String>> {
    #[derive(PartialEq)]
    enum Mark {
        OnPath,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut found = Vec::new();
    for start in order {
        if marks.contains_key(start.as_str()) || !graph.contains_key(start) {
            continue;
        }
        marks.insert(start, Mark::OnPath);
        let mut path: Vec<(&str, std::collections::btree_set::Iter<'_, String>)> = vec![(start, graph[start].iter())];
        while let Some((node, edges)) = path.last_mut() {
            let node: &str = node;
            match edges.next().map(String::as_str) {
                Some(to) => match marks.get(to) {
                    None if graph.contains_key(to) => {
                        marks.insert(to, Mark::OnPath);
                        path.push((to, graph[to].iter()));
                    }
                    Some(Mark::OnPath) => {
                        let from = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let mut cycle: Vec<String> = path[from..].iter().map(|(n, _)| n.to_string()).collect();
                        cycle.push(to.to_string());
                        found.push(cycle);
                    }
                    _ => {}
                },
                None => {
                    marks.insert(node, Mark::Done);
                    path.pop();
                }
            }
        }
    }
    found
}

/// Every `.slug` attribute in `resource` (whose text is `text`) that is not a slug.
pub fn bad_slugs(resource: &FluentResource, text: &str) -> Vec<BadSlug> {
    let mut bad = Vec::new();
    for entry in resource.entries() {
        let (id, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), &t.attributes),
            _ => continue,
        };
        for attribute in attributes.iter().filter(|a| a.id.name == "slug") {
            let problem = match attribute.value.elements.as_slice() {
                [ast::PatternElement::TextElement { value }] => Slug::parse(value.trim()).err(),
                _ => Some("a `.slug` must be plain text, without `{ }`".to_string()),
            };
            if let Some(problem) = problem {
                bad.push(BadSlug {
                    id: id.clone(),
                    at: locate_attribute(text, &id, "slug"),
                    problem,
                });
            }
        }
    }
    bad
}

/// The line and column where message `id` is defined (its last definition).
pub fn locate_message(text: &str, id: &str) -> (usize, usize) {
    message_line(text, id).map_or((1, 1), |i| (i + 1, 1))
}

/// The 0-based line of the last definition of `id` in `text`.
fn message_line(text: &str, id: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.strip_prefix(id)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .last()
        .map(|(i, _)| i)
}

/// The lines of the definition of `id`: its own and the indented ones after it.
fn definition_lines<'a>(text: &'a str, id: &str) -> impl Iterator<Item = (usize, &'a str)> {
    let start = message_line(text, id);
    text.lines()
        .enumerate()
        .skip(start.unwrap_or(usize::MAX))
        .enumerate()
        .take_while(|(n, (_, line))| *n == 0 || line.starts_with([' ', '\t']) || line.trim().is_empty())
        .map(|(_, numbered)| numbered)
}

/// The 1-based line and column of the value of attribute `.attr` of `id`,
/// or of `id` itself if the attribute cannot be found.
pub fn locate_attribute(text: &str, id: &str, attr: &str) -> (usize, usize) {
    definition_lines(text, id)
        .find_map(|(i, line)| {
            let after = line.trim_start().strip_prefix('.')?.strip_prefix(attr)?;
            let value = after.trim_start().strip_prefix('=')?;
            let value = value.trim_start();
            let column = line[..line.len() - value.len()].chars().count() + 1;
            Some((i + 1, column))
        })
        .unwrap_or_else(|| locate_message(text, id))
}

/// The 1-based line and column of the first `$variable` in the definition
/// of `id`.
pub fn locate_variable(text: &str, id: &str, variable: &str) -> Option<(usize, usize)> {
    let written = format!("${variable}");
    definition_lines(text, id).find_map(|(i, line)| {
        line.match_indices(&written).find_map(|(at, _)| {
            let after = line[at + written.len()..].chars().next();
            let ends = !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
            ends.then(|| (i + 1, line[..at].chars().count() + 1))
        })
    })
}

/// Every message and term of a resource, with the variables its value and attributes use.
pub fn message_variables(resource: &FluentResource) -> Vec<(String, BTreeSet<String>)> {
    let pattern = |p: &ast::Pattern<&str>, out: &mut BTreeSet<String>| {
        visit_inline(p, &mut |i| {
            if let ast::InlineExpression::VariableReference { id } = i {
                out.insert(id.name.to_string());
            }
        });
    };
    messages(resource)
        .map(|(id, value, attributes)| {
            let mut vars = BTreeSet::new();
            if let Some(v) = value {
                pattern(v, &mut vars);
            }
            for a in attributes {
                pattern(&a.value, &mut vars);
            }
            (id, vars)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(text: &str) -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
        let resource = FluentResource::try_new(text.to_string()).unwrap();
        let nodes: Vec<Node> = references(&resource).into_iter().flat_map(|r| r.nodes).collect();
        let order = nodes.iter().map(|n| n.name.clone()).collect();
        (nodes.into_iter().map(|n| (n.name, n.refs)).collect(), order)
    }

    #[test]
    fn reference_cycles_are_found_once() {
        let (g, order) = graph("a = { b }\nb = { c } { a }\nc = fine\nd = { d }\ne = { -t }\n-t = { e }\n");
        let found = cycles(&g, &order);
        assert_eq!(found, [vec!["a", "b", "a"], vec!["d", "d"], vec!["e", "-t", "e"]]);
    }

    #[test]
    fn attributes_are_nodes_of_their_own() {
        // `a.title` using `a`'s value is no cycle.
        let (g, order) = graph("a = Value\n    .title = { a }\n");
        assert!(cycles(&g, &order).is_empty());
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let text: String = (0..100_000).map(|i| format!("m{i} = {{ m{} }}\n", i + 1)).collect();
        let (g, order) = graph(&text);
        assert!(cycles(&g, &order).is_empty());
    }

    #[test]
    fn bad_slugs_are_found_at_their_line() {
        let text = "topic-a = A\n    .slug = Di Sản\ntopic-b = B\n    .slug = { x }\ntopic-c = C\n    .slug = ok\n";
        let resource = FluentResource::try_new(text.to_string()).unwrap();
        let bad = bad_slugs(&resource, text);
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!((bad[0].id.as_str(), bad[0].at), ("topic-a", (2, 13)));
        assert_eq!(bad[1].at, (4, 13));
    }

    #[test]
    fn variables_are_found_in_their_message() {
        let text = "a = { $name }\nb = Hello\n    { $name }, { $names }\n";
        assert_eq!(locate_variable(text, "b", "names"), Some((3, 18)));
        assert_eq!(locate_variable(text, "b", "name"), Some((3, 7)));
        assert_eq!(locate_variable(text, "b", "other"), None);
    }
}
