# frozen_string_literal: true

require_relative "test_helper"

class PaginationTest < FinosTest
  # Answers /v1/users from `ids`, `limit` at a time, with next_page links like the server's.
  def serve_users(ids)
    @server.answer do |request|
      limit = (request.query["limit"] || 10).to_i
      after = request.query["starting_after"]
      start = after ? ids.index(after) + 1 : 0
      page = ids[start, limit]
      more = start + limit < ids.size
      link = more ? "/v1/users?#{URI.encode_www_form(request.query.merge("starting_after" => page.last))}" : nil
      json(200, { "pagination" => { "limit" => limit, "next_page" => link, "next_uri" => link && "http://elsewhere#{link}" },
                  "data" => page.map { |id| user(id) } })
    end
  end

  def test_auto_paging_each_walks_every_page
    ids = (1..17).map { |i| "u#{i}" }
    serve_users(ids)
    seen = []
    @client.users.list(limit: 7).auto_paging_each { |u| seen << u.id }
    assert_equal ids, seen
    requests = @server.received
    assert_equal 3, requests.size
    assert_equal [nil, "u7", "u14"], requests.map { |r| r.query["starting_after"] }
    assert(requests.all? { |r| r.query["limit"] == "7" })
    assert(requests.all? { |r| r.path == "/v1/users" }, "pages are fetched from the client's base URL")
  end

  def test_a_page_is_enumerable_over_its_own_items
    serve_users((1..5).map { |i| "u#{i}" })
    page = @client.users.list(limit: 2)
    assert_equal %w[u1 u2], page.map(&:id)
    assert_equal 2, page.size
    assert page.more?
    assert_instance_of Finos::Pagination, page.pagination
    assert_instance_of Finos::User, page.data.first
  end

  def test_breaking_out_stops_the_requests
    serve_users((1..30).map { |i| "u#{i}" })
    first = @client.users.list(limit: 5).auto_paging_each.first(6)
    assert_equal 6, first.size
    assert_equal 2, @server.received.size
  end

  def test_filters_are_kept_on_later_pages
    @server.answer(
      json(200, { "pagination" => { "next_page" => "/v1/deposits?starting_after=d2&limit=2" }, "data" => [{ "id" => "d1" }, { "id" => "d2" }] }),
      json(200, { "pagination" => { "next_page" => nil, "next_uri" => nil }, "data" => [{ "id" => "d3", "amount" => "5.10" }] }),
    )
    all = @client.deposits.list(account_id: "acc", status: "pending", limit: 2).auto_paging_each.to_a
    assert_equal %w[d1 d2 d3], all.map(&:id)
    assert_equal BigDecimal("5.1"), all.last.amount
    second = @server.received.last
    assert_equal({ "account_id" => "acc", "status" => "pending", "limit" => "2", "starting_after" => "d2" }, second.query)
  end

  def test_a_link_back_to_the_same_page_does_not_loop
    @server.answer do |request|
      json(200, { "pagination" => { "next_page" => "/v1/users?#{URI.encode_www_form(request.query)}" }, "data" => [user("u1")] })
    end
    list = @client.users.list(starting_after: "u0", limit: 1)
    assert_equal 1, list.auto_paging_each.count
  end
end
