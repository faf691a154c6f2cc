import { OrderBookPage } from '../../src/orderbook/OrderBookPage.tsx'

export const metadata = { title: 'Order book · rtevm playground' }

export default function Page() {
  return (
    <>
      <h1>Order book</h1>
      <OrderBookPage />
    </>
  )
}
